using KernelGen.ILGPU;

namespace KernelGen.Tests.Ilgpu;

/// <summary><see cref="IlgpuDevices.List"/>: ILGPU's CPU accelerator always, and every other kind found or explained.</summary>
public sealed class IlgpuDevicesTests
{
    [Test]
    public void ListsTheCpuAcceleratorAndExplainsEveryKindMissingOrRefused()
    {
        var devices = IlgpuDevices.List();
        Assert.That(devices.Single(d => d.Id == "ilgpu:cpu").Available, Is.True);
        foreach (var kind in new[] { "ilgpu:cuda", "ilgpu:opencl" })
            Assert.That(devices.Where(d => d.Id.StartsWith(kind, StringComparison.Ordinal)), Is.Not.Empty, $"{kind} is listed or explained");
        foreach (var d in devices.Where(d => !d.Available))
            Assert.That(d.Detail, Is.Not.Empty, $"{d.Id} says why it is unavailable");
    }
}
