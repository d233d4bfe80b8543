using KernelGen.Models.Data;
using KernelGen.Models.Imaging;
using KernelGen.Models.Training;
using KernelGen.Models.Vaes;

namespace KernelGen.Tests.Docs;

/// <summary>The library program of docs/quickstart.md, verbatim between the markers; <see cref="QuickstartTests"/> runs it and checks the page against it.</summary>
internal static class QuickstartExample
{
    public static (IReadOnlyList<EpochReport> Reports, string SamplesPng) Run(string folder, int epochs)
    {
        // docs:begin
        using var context = Context.Create();
        using var accelerator = context.BestDevice.CreateAccelerator();   // CUDA, else an OpenCL GPU, else the CPU
        var data = Mnist.LoadEmbedded();                                  // 8,000 training + 2,000 test digits, built in

        using var vae = new Vae(new VaeOptions { Latent = 2 });           // 784-400-2, Adam 1e-3, batch 128
        vae.Build(accelerator, data.Train);                               // declares and compiles its graphs on the device

        var trainer = new Trainer(vae, data, new TrainerOptions { Epochs = epochs, OutputDirectory = folder });
        trainer.EpochCompleted += r => Console.WriteLine($"epoch {r.Epoch}: test loss {r.Test["test_loss"]:F1} nats/image");
        var result = trainer.Run();                                       // grids, metrics and a checkpoint each epoch

        var samples = vae.Sample(64, seed: 7);                            // 64 images from N(0, I), values in [0, 1]
        var png = Path.Combine(folder, "my-samples.png");
        ImageGrid.SavePng(png, samples, vae.Rows, vae.Cols);
        // docs:end
        return (result.Reports, png);
    }
}
