using KernelGen.Runtime.OpenCL;
using KernelGen.Tests.Support;

namespace KernelGen.Tests.Runtime;

/// <summary>OpenCL discovery, error naming and build-log parsing.</summary>
[TestFixture]
public sealed class OpenCLBackendTests
{
    [Test]
    public void DiscoveryFillsDeviceFigures()
    {
        var status = TestDevices.Context.Backends.First(b => b.Backend == Backend.OpenCL);
        TestContext.Progress.WriteLine($"OpenCL: {status.Detail}");
        Assert.That(status.Detail, Is.Not.Empty);
        var devices = TestDevices.Context.Devices.OfType<OpenCLDevice>().ToList();
        if (devices.Count == 0) Assert.Ignore($"OpenCL backend unavailable: {status.Detail}");
        Assert.That(status.Available, Is.True);
        for (int i = 0; i < devices.Count; i++)
        {
            var d = devices[i];
            TestContext.Progress.WriteLine($"{d.Id} {d.Name} | {d.Vendor} | {d.DriverVersion} | {d.MemoryBytes:N0} B | {d.ComputeUnits} CU | group {d.MaxGroupSize} | local {d.SharedMemoryBytes} | {d.PeakGflops:F0} GFLOP/s | GPU {d.IsGpu}");
            Assert.That(d.Index, Is.EqualTo(i));
            Assert.That(d.Id, Is.EqualTo($"opencl:{i}"));
            Assert.That(status.Detail, Does.Contain(d.Vendor));
            Assert.That(d.Name, Is.Not.Empty);
            Assert.That(d.MemoryBytes, Is.GreaterThan(0));
            Assert.That(d.ComputeUnits, Is.GreaterThan(0));
            Assert.That(d.MaxGroupSize, Is.GreaterThan(0));
            Assert.That(d.SharedMemoryBytes, Is.GreaterThan(0));
            Assert.That(d.PeakGflops ?? 1, Is.GreaterThan(0));
        }
        Assert.That(TestDevices.Context.GetDevice("opencl"), Is.SameAs(devices[0]));
    }

    [Test]
    public void ErrorsNameCallCodeAndWhatWasBeingDone()
    {
        Assert.That(ClError.Name(-54), Is.EqualTo("CL_INVALID_WORK_GROUP_SIZE"));
        Assert.That(ClError.Name(-1001), Is.EqualTo("CL_PLATFORM_NOT_FOUND_KHR"));
        var e = ClError.Fail(-54, "clEnqueueNDRangeKernel", "launching kernel 'K'");
        Assert.That(e, Is.Not.InstanceOf<DeviceLostException>());
        Assert.That(e.Message, Does.Contain("clEnqueueNDRangeKernel").And.Contain("CL_INVALID_WORK_GROUP_SIZE").And.Contain("launching kernel 'K'"));
        Assert.That(ClError.Fail(-2, "clFinish", "waiting"), Is.InstanceOf<DeviceLostException>());
        Assert.That(ClError.Fail(-5, "clFinish", "waiting"), Is.InstanceOf<DeviceLostException>());
        Assert.That(ClError.Fail(-5, "clEnqueueNDRangeKernel", "launching"), Is.Not.InstanceOf<DeviceLostException>());
        Assert.That(ClError.Fail(-36, "clEnqueueReadBuffer", "reading"), Is.InstanceOf<DeviceLostException>());
    }

    [Test]
    public void BuildLogLineReferencesAreFound()
    {
        const string log = """
            <source>:12:5: error: use of undeclared identifier 'q'
            input.cl:7: warning: something
            :3: error: short form
            <built-in>:1:9: note: from a header
            <source>:12:9: error: again
            error: /root/.cache/pocl/kcache/tempfile_x.cl:4:25: use of undeclared identifier
            at 10:30: not a reference
            """;
        Assert.That(OpenCLCompiler.ReferencedLines(log), Is.EqualTo(new[] { 12, 7, 3, 4 }));
    }
}
