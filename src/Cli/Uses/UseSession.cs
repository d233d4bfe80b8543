using System.CommandLine;
using KernelGen.Models;
using KernelGen.Models.Data;

namespace KernelGen.Cli;

/// <summary>
/// A model rebuilt from a checkpoint for one use command: kind and options from the checkpoint's metadata
/// (<see cref="ModelRegistry.FromCheckpoint"/>), built on the chosen device for the recorded image format, then
/// loaded. The capability is checked before the device is touched.
/// </summary>
internal sealed class UseSession : IDisposable
{
    private readonly UseOptions _options;
    private readonly ParseResult _parse;
    private DataSplits? _data;

    private UseSession(UseOptions options, ParseResult parse, string checkpoint, GenerativeModel model, Accelerator accelerator,
        IReadOnlyDictionary<string, string> metadata)
    {
        (_options, _parse, Checkpoint, Model, Accelerator, Metadata) = (options, parse, checkpoint, model, accelerator, metadata);
    }

    /// <summary>The checkpoint file (full path).</summary>
    public string Checkpoint { get; }

    /// <summary>The model, built and loaded.</summary>
    public GenerativeModel Model { get; }

    /// <summary>The device it runs on.</summary>
    public Accelerator Accelerator { get; }

    /// <summary>The checkpoint's metadata (epoch, data, options, …).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Opens the checkpoint named on the command line for <paramref name="use"/>.</summary>
    public static UseSession Open(ParseResult parse, UseOptions options, string use)
    {
        var path = Path.GetFullPath(parse.GetValue(options.Checkpoint)!);
        if (!File.Exists(path)) throw new FileNotFoundException($"Checkpoint '{path}' does not exist; 'kernelgen train' writes one into its --out folder.");
        var model = ModelRegistry.FromCheckpoint(path);
        try
        {
            Capability.Require(model, use, path);
            var (rows, cols, classes) = ModelRegistry.ImageFormat(path);
            var accelerator = DeviceChoice.Open(parse.GetValue(options.Device)!);
            try
            {
                model.Build(accelerator, rows, cols, classes);
                var metadata = model.Load(path);
                return new UseSession(options, parse, path, model, accelerator, metadata);
            }
            catch
            {
                accelerator.Dispose();
                throw;
            }
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>The data named by --data, or the data the checkpoint was trained on; checked against the model's image format.</summary>
    public DataSplits Data
    {
        get
        {
            if (_data is not null) return _data;
            var text = _parse.GetValue(_options.Data);
            if (text is null)
            {
                var trained = Metadata.GetValueOrDefault("data", "");
                text = trained.Split('/')[0];
                if (text is not ("mnist" or "fashion-mnist"))
                    throw new ArgumentException($"Checkpoint '{Checkpoint}' was trained on '{trained}'; pass --data ({DataSpec.Accepted}).");
            }
            var data = DataSpec.Parse(text).Load();
            if (data.Test.Rows != Model.Rows || data.Test.Cols != Model.Cols)
                throw new ArgumentException($"Data '{text}' has {data.Test.Rows}×{data.Test.Cols} images but the '{Model.Kind}' model of '{Checkpoint}' takes {Model.Rows}×{Model.Cols}.");
            return _data = data;
        }
    }

    /// <summary>Whether the data is Fashion-MNIST (for class names on plots).</summary>
    public IReadOnlyList<string>? ClassNames => (_parse.GetValue(_options.Data) ?? Metadata.GetValueOrDefault("data", "")).StartsWith("fashion-mnist", StringComparison.Ordinal)
        ? FashionMnist.ClassNames : null;

    /// <summary>The output file: --out, or <paramref name="defaultName"/> beside the checkpoint; its folder is created and checked.</summary>
    public string OutputFile(string defaultName)
    {
        var path = Path.GetFullPath(_parse.GetValue(_options.Out) ?? Path.Combine(Path.GetDirectoryName(Checkpoint)!, defaultName));
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var probe = path + $".{Guid.NewGuid():N}.tmp";
            File.WriteAllText(probe, "");
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"Output file '{path}' cannot be written ({e.Message}); pass --out with a writable path.", e);
        }
        return path;
    }

    /// <summary>Releases the model and the device.</summary>
    public void Dispose()
    {
        Model.Dispose();
        Accelerator.Dispose();
    }
}
