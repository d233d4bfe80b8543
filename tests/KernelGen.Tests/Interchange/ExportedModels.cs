using KernelGen.Models;
using KernelGen.Tests.ModelsTraining;

namespace KernelGen.Tests.Interchange;

/// <summary>
/// The models the export tests build: every registered model with small widths (so a case takes about a second),
/// plus variants whose parts use other ops (tied weights, linear units, an upsampling decoder, a BatchNorm MLP
/// generator), built on the CPU for 28×28 digits with 10 classes and moved off their initial values by a few steps.
/// </summary>
internal static class ExportedModels
{
    private static readonly Dictionary<string, string> Small = new()
    {
        ["batch-size"] = "16", ["hidden"] = "32", ["latent"] = "4", ["features"] = "8", ["channels"] = "8",
    };

    /// <summary>(model, extra options as "key=value;…", part) for every part of every model and variant.</summary>
    public static IEnumerable<TestCaseData> Cases()
    {
        var variants = ModelRegistry.All.Select(e => (e.Name, Extra: "")).Concat(
        [
            ("ae", "tied-weights=true;activation=relu"),
            ("ae", "activation=linear;loss=mse"),
            ("stacked-ae", "hidden=32,8;tied-weights=true"),
            ("conv-ae", "decoder=upsample-conv"),
            ("gan", "generator-batch-norm=true"),
        ]);
        foreach (var (name, extra) in variants)
        {
            using var model = Create(name, extra);
            foreach (var part in model.InferenceParts)
                yield return new TestCaseData(name, extra, part).SetName($"{{m}}({name}{(extra == "" ? "" : " " + extra)}, {part})");
        }
    }

    public static GenerativeModel Create(string name, string extra)
    {
        var entry = ModelRegistry.Get(name);
        var known = ModelRegistry.Options(entry).Select(o => o.Option).ToHashSet();
        var values = Small.Where(kv => known.Contains(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value);
        if (name == "stacked-ae") values["hidden"] = "32,8";
        if (name == "conv-ae") values["channels"] = "4,8";
        if (name == "pixelcnn") values = new() { ["batch-size"] = "16", ["channels"] = "8", ["layers"] = "2", ["output-channels"] = "8" };
        if (name == "pixelrnn") values = new() { ["batch-size"] = "16", ["hidden"] = "4", ["layers"] = "2", ["output-channels"] = "8" };
        foreach (var pair in extra.Split(';', StringSplitOptions.RemoveEmptyEntries))
            values[pair.Split('=')[0]] = pair.Split('=')[1];
        return entry.Create(ModelRegistry.ParseOptions(entry, values));
    }

    /// <summary>
    /// Training steps before a comparison: 2, enough to move parameters and BatchNorm statistics off their initial
    /// values. DCGAN takes 30: its N(0, 0.02) weights make the untrained generator's output about 0.003 in size, so
    /// the float rounding of its intermediate values (5e-8, the same as every other model's) would be 1.6e-5 of the
    /// output; after 30 steps the output is about 0.2 and the error 5e-7. The tolerance is not loosened.
    /// </summary>
    public static int Steps(string name) => name == "dcgan" ? 30 : 2;

    /// <summary>The model built on <paramref name="accelerator"/> and trained <paramref name="steps"/> steps on real digits.</summary>
    public static GenerativeModel Built(Accelerator accelerator, string name, string extra, int steps)
    {
        var model = Create(name, extra);
        var data = TinyData.Digits(64, 16).Train;
        model.Build(accelerator, data);
        int batch = model.Options.BatchSize;
        var images = data.Images.AsSpan(0, batch * data.PixelsPerImage).ToArray();
        if (model.Binarization != KernelGen.Models.Data.Binarization.None) images = images.Select(v => v > 0.5f ? 1f : 0f).ToArray();
        for (int i = 0; i < steps; i++) model.TrainStep(images, data.Labels.AsSpan(0, batch));
        model.Accelerator.Synchronize();
        return model;
    }
}
