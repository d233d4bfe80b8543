using KernelGen.Examples.IlgpuVaeStep;
using KernelGen.Graph;
using KernelGen.ILGPU;
using KernelGen.Tests.Support;

namespace KernelGen.Tests.Ilgpu;

/// <summary>
/// The sample of examples/IlgpuVaeStep, unchanged on each ILGPU accelerator (ilgpu:cuda skipped with ILGPU's reason
/// where there is none): ILGPU dequantizes each batch on the device, KernelGen's VAE steps on it. Its first loss equals
/// the same VAE's on KernelGen's native CPU backend fed the same floats within 1e-4 relative (ILGPU rounds a·b + c
/// twice where the CPU fuses, and sums in another order), and the steps after the first wait for nothing and allocate
/// nothing.
/// </summary>
[TestFixture("ilgpu:cpu")]
[TestFixture("ilgpu:cuda")]
public sealed class IlgpuSampleTests(string device)
{
    [Test]
    public void TheInteropSampleTrainsAsKernelGensCpuDoes()
    {
        var listing = IlgpuDevices.List().FirstOrDefault(d => d.Id.StartsWith(device, StringComparison.Ordinal));
        if (listing is not { Available: true }) Assert.Ignore($"{device}: {listing?.Detail ?? "not listed by ILGPU"}");
        const int batch = 8, hidden = 32, latent = 2, steps = 3;
        var pixels = Array.ConvertAll(IlgpuInteropTests.Images(batch * steps), v => (byte)MathF.Round(v * 255f));
        var run = VaeOnIlgpu.Run(device, pixels, steps, batch, hidden, latent, seed: 9);

        using var cpu = TestDevices.Open("cpu");
        using var vae = VaeOnIlgpu.DeclareVae(batch, hidden, latent).Compile(cpu, new CompileOptions { Seed = 9 });
        vae.Store.Group("default").UseOptimizer(new Adam(1e-3f));
        vae.SetInput("x", Array.ConvertAll(pixels[..(batch * VaeOnIlgpu.Pixels)], p => p * (1f / 255f)));
        vae.Step();
        float expected = vae.ReadLoss();
        TestContext.Progress.WriteLine($"[{device}] sample {run}; cpu first loss {expected}");
        Assert.Multiple(() =>
        {
            Assert.That(run.FirstLoss, Is.EqualTo(expected).Within(1e-4 * Math.Abs(expected)));
            Assert.That(float.IsFinite(run.LastLoss) && run.LastLoss < run.FirstLoss, Is.True, $"loss {run.FirstLoss} -> {run.LastLoss}");
            Assert.That(run.HostWaits, Is.Zero);
            Assert.That(run.Allocations, Is.Zero);
        });
    }
}
