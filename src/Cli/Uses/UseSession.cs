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
                try
                {
                    model.Build(accelerator, rows, cols, classes);
                }
                catch (SizeLimitException e)
                {
                    throw new InvalidDataException($"Checkpoint '{path}' records a '{model.Kind}' model that does not fit on {accelerator.Device.Id}: {e.Message}", e);
                }
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
            var text = DataText();
            var data = DataSpec.Parse(text).Load(Model.Classes);
            if (data.Test.Rows != Model.Rows || data.Test.Cols != Model.Cols)
                throw new ArgumentException($"Data '{text}' has {data.Test.Rows}×{data.Test.Cols} images but the '{Model.Kind}' model of '{Checkpoint}' takes {Model.Rows}×{Model.Cols}.");
            return _data = data;
        }
    }

    /// <summary>The IDX files the command reads, when it reads data from files.</summary>
    private IEnumerable<string> DataFiles()
    {
        if (!_parse.CommandResult.Command.Options.Contains(_options.Data)) return [];
        string text;
        try { text = DataText(); }
        catch (ArgumentException) { return []; } // no data named: the command will say so when it reads it
        return DataSpec.Parse(text).Path is { } folder && IdxFolder.Files(folder) is { } files ? files.Select(Path.GetFullPath) : [];
    }

    /// <summary>The data named by --data, or mnist / fashion-mnist when the checkpoint was trained on one of them.</summary>
    private string DataText()
    {
        if (_parse.GetValue(_options.Data) is { } text) return text;
        var trained = Metadata.GetValueOrDefault("data", "");
        var name = trained.Split('/')[0];
        return name is "mnist" or "fashion-mnist" ? name
            : throw new ArgumentException($"Checkpoint '{Checkpoint}' was trained on '{trained}'; pass --data ({DataSpec.Accepted}).");
    }

    /// <summary>Whether the data is Fashion-MNIST (for class names on plots).</summary>
    public IReadOnlyList<string>? ClassNames => (_parse.GetValue(_options.Data) ?? Metadata.GetValueOrDefault("data", "")).StartsWith("fashion-mnist", StringComparison.Ordinal)
        ? FashionMnist.ClassNames : null;

    /// <summary>
    /// The output file: --out as given (with the command's extension added when it has none), or
    /// <paramref name="defaultName"/> beside the checkpoint; checked as <see cref="OutputFiles"/> checks its files.
    /// </summary>
    public string OutputFile(string defaultName)
    {
        var extension = Path.GetExtension(defaultName);
        var given = _parse.GetValue(_options.Out);
        var path = Path.GetFullPath(given is null ? Path.Combine(Path.GetDirectoryName(Checkpoint)!, defaultName)
            : Path.HasExtension(given) ? given : given + extension);
        CheckOutput(path, extension);
        return path;
    }

    /// <summary>
    /// The output files of a command that writes one file per extension: from --out without its extension when that
    /// is one of <paramref name="extensions"/> (so <c>--out worst.png</c> gives worst.csv and worst.png), else from
    /// --out as given, else from <paramref name="defaultStem"/> beside the checkpoint. Each is refused when it is an
    /// input of the command (the checkpoint, a data file) or an existing file of another kind (unless --overwrite),
    /// and its folder is created and checked writable; nothing is written here.
    /// </summary>
    public IReadOnlyList<string> OutputFiles(string defaultStem, params string[] extensions)
    {
        var given = _parse.GetValue(_options.Out);
        string stem = given is null ? Path.Combine(Path.GetDirectoryName(Checkpoint)!, defaultStem)
            : extensions.Contains(Path.GetExtension(given), StringComparer.OrdinalIgnoreCase) ? Path.ChangeExtension(given, null) : given;
        var paths = extensions.Select(e => Path.GetFullPath(stem + e)).ToList();
        foreach (var (path, extension) in paths.Zip(extensions)) CheckOutput(path, extension);
        return paths;
    }

    /// <summary>
    /// <paramref name="path"/> with every symbolic link among its folders resolved (the file itself is never
    /// written through: outputs are renamed over it), so <c>--out alias/checkpoint.safetensors</c> is still the input.
    /// </summary>
    private static string RealPath(string path)
    {
        var full = Path.GetFullPath(path);
        var parent = Path.GetDirectoryName(full);
        if (parent is null) return full;
        var candidate = Path.Combine(RealPath(parent), Path.GetFileName(full));
        var folder = new DirectoryInfo(candidate); // a link to a folder; a link to a file is left as it is
        return folder.Exists && folder.LinkTarget is not null && folder.ResolveLinkTarget(returnFinalTarget: true) is { } target
            ? RealPath(target.FullName) : candidate;
    }

    private void CheckOutput(string path, string extension)
    {
        var inputs = new List<string> { Checkpoint };
        inputs.AddRange(DataFiles());
        var real = RealPath(path);
        if (inputs.Any(i => string.Equals(RealPath(i), real, StringComparison.Ordinal)))
            throw new ArgumentException($"--out '{path}' is an input of this command; it is never overwritten. Pass another --out.");
        if (Directory.Exists(path)) throw new ArgumentException($"--out '{path}' is a folder; pass a file name.");
        if (File.Exists(path) && !_parse.GetValue(_options.Overwrite) && !OutputKind.Matches(path, extension))
            throw new ArgumentException($"--out '{path}' exists and is not a {OutputKind.Name(extension)}; pass --overwrite to replace it, or another --out.");
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
    }

    /// <summary>Releases the model and the device.</summary>
    public void Dispose()
    {
        Model.Dispose();
        Accelerator.Dispose();
    }
}
