using KernelGen.Models;
using KernelGen.Models.Classifiers;
using KernelGen.Models.Data;
using KernelGen.Models.Gans;

namespace KernelGen.Cli;

/// <summary>
/// The failure-mode watch of <c>kernelgen train</c> for GANs (<see cref="GanMonitor"/>): opens the classifier named by
/// --judge, checked against the model and the data before anything is written.
/// </summary>
internal static class GanWatch
{
    /// <summary>The classifier of --judge, built and loaded on <paramref name="accelerator"/>; null when --judge is not given.</summary>
    public static Classifier? OpenJudge(string? path, ModelRegistry.Entry entry, Dataset train, Accelerator accelerator)
    {
        if (path is null) return null;
        if (!entry.OptionsType.IsAssignableTo(typeof(AdversarialOptions)))
            throw new ArgumentException($"--judge watches the samples of a GAN; '{entry.Name}' is not one.");
        if (entry.Name == "cgan")
            throw new ArgumentException("--judge counts the classes of unconditional samples; 'cgan' is told the class of every sample.");
        var full = Path.GetFullPath(path);
        if (!File.Exists(full)) throw new FileNotFoundException($"--judge '{path}' does not exist; train a classifier with: kernelgen train classifier --data {train.Name}");
        var model = ModelRegistry.FromCheckpoint(full);
        try
        {
            if (model is not Classifier classifier)
                throw new ArgumentException($"--judge '{path}' holds a '{model.Kind}' model, not a classifier; train one with: kernelgen train classifier --data {train.Name}");
            var (rows, cols, classes) = ModelRegistry.ImageFormat(full);
            if (rows != train.Rows || cols != train.Cols || classes != train.Classes)
                throw new ArgumentException($"--judge '{path}' classifies {rows}×{cols} images into {classes} classes; the data has {train.Rows}×{train.Cols} images of {train.Classes} classes.");
            classifier.Build(accelerator, rows, cols, classes);
            classifier.Load(full);
            return classifier;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }
}
