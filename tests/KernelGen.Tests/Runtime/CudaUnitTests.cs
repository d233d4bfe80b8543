using System.Security.Cryptography;
using System.Text;
using KernelGen.Runtime.Cuda;

namespace KernelGen.Tests.Runtime;

/// <summary>Parts of the CUDA backend that need no GPU: log parsing, the cache key, targets, error mapping, discovery.</summary>
[TestFixture]
public sealed class CudaUnitTests
{
    private const string SampleLog =
        "kernel.cu(12): error: identifier \"foo\" is undefined\n" +
        "      y_base[i] = foo;\n" +
        "                  ^\n\n" +
        "kernel.cu(3): warning #177-D: variable \"x\" was declared but never referenced\n" +
        "kernel.cu(12): error: expected a \";\"\n" +
        "2 errors detected in the compilation of \"kernel.cu\".\n";

    [Test]
    public void LogParserFindsCitedLinesOnce()
    {
        Assert.That(CudaBuildLog.CitedLines(SampleLog), Is.EqualTo(new[] { 12, 3 }));
        Assert.That(CudaBuildLog.CitedLines("nvrtc: error: invalid value for --gpu-architecture (-arch)\n"), Is.Empty);
        Assert.That(CudaBuildLog.CitedLines("/tmp/x/kernel 1.cu(7): catastrophic error: cannot open source file \"y.h\"\n"), Is.EqualTo(new[] { 7 }));
    }

    [Test]
    public void ErrorMessageMapsCitedLinesToCSharp()
    {
        var source = string.Join('\n', Enumerable.Range(1, 14).Select(i => i == 12 ? "    y_base[i] = foo;" : $"// line {i}"));
        var map = Enumerable.Range(1, 14).Select(i => i == 12 ? 57 : 0).ToArray();
        var kernel = new KernelDefinition("Demo.Bad", "bad", KernelShape.Index1D, [], source, "", map, [], "Demo.cs", 50,
            (in CpuLaunch _, ReadOnlySpan<KernelArg> _) => { });
        var message = CudaBuildLog.FormatError(kernel, "cuda:0 Test GPU (sm_90, NVRTC 13.0)", SampleLog);
        Assert.That(message, Does.Contain("Demo.Bad").And.Contain("cuda:0 Test GPU"));
        Assert.That(message, Does.Contain(SampleLog.TrimEnd()));
        Assert.That(message, Does.Contain("line 12: y_base[i] = foo;").And.Contain("from Demo.cs:57"));
        Assert.That(message, Does.Contain("line 3: // line 3").And.Contain("no C# line"));
    }

    [Test]
    public void CacheKeyHashesSourceTargetAndNvrtcVersion()
    {
        var key = CudaKernelCache.Key("src", "sm_90", "13.0");
        var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("src\nsm_90\n13.0")));
        Assert.That(key, Is.EqualTo(expected).And.Length.EqualTo(64));
        Assert.That(CudaKernelCache.Key("src", "sm_90", "13.0"), Is.EqualTo(key));
        Assert.That(CudaKernelCache.Key("src ", "sm_90", "13.0"), Is.Not.EqualTo(key));
        Assert.That(CudaKernelCache.Key("src", "sm_89", "13.0"), Is.Not.EqualTo(key));
        Assert.That(CudaKernelCache.Key("src", "sm_90", "12.8"), Is.Not.EqualTo(key));
        Assert.That(CudaKernelCache.PathFor(key, ptx: false), Does.EndWith(key + ".cubin"));
    }

    [Test]
    public void CacheFolderFollowsTheEnvironment()
    {
        var previous = Environment.GetEnvironmentVariable(CudaKernelCache.CacheDirVariable);
        try
        {
            Environment.SetEnvironmentVariable(CudaKernelCache.CacheDirVariable, "/tmp/kg-cache");
            Assert.That(CudaKernelCache.Directory, Is.EqualTo(Path.Combine("/tmp/kg-cache", "cuda")));
            Environment.SetEnvironmentVariable(CudaKernelCache.CacheDirVariable, null);
            Assert.That(CudaKernelCache.Directory, Does.EndWith(Path.Combine("kernelgen", "cuda")));
        }
        finally
        {
            Environment.SetEnvironmentVariable(CudaKernelCache.CacheDirVariable, previous);
        }
    }

    [Test]
    public void CacheWritesAtomicallyAndReadsBack()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"kg-cache-{Guid.NewGuid():N}");
        try
        {
            var path = Path.Combine(dir, "cuda", "abc.cubin");
            CudaKernelCache.TryWrite(path, [1, 2, 3]);
            Assert.That(CudaKernelCache.TryRead(path), Is.EqualTo(new byte[] { 1, 2, 3 }));
            Assert.That(Directory.GetFiles(Path.Combine(dir, "cuda")), Has.Length.EqualTo(1), "no temporary file left behind");
            Assert.That(CudaKernelCache.TryRead(Path.Combine(dir, "missing.cubin")), Is.Null);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void TargetIsCubinWhenSupportedElsePtxOfTheHighestOlderArch()
    {
        int[] supported = [75, 80, 86, 87, 89, 90, 100, 120];
        Assert.That(CudaCompiler.SelectTarget(90, supported).ToString(), Is.EqualTo("sm_90"));
        Assert.That(CudaCompiler.SelectTarget(121, supported).ToString(), Is.EqualTo("compute_120"));
        Assert.That(CudaCompiler.SelectTarget(103, supported)!.Value.Ptx, Is.True);
        Assert.That(CudaCompiler.SelectTarget(61, supported), Is.Null);
    }

    [Test]
    public void PeakLanesFollowComputeCapability()
    {
        Assert.That(CudaDevice.Fp32LanesPerSm(7, 5), Is.EqualTo(64));
        Assert.That(CudaDevice.Fp32LanesPerSm(8, 0), Is.EqualTo(64));
        Assert.That(CudaDevice.Fp32LanesPerSm(8, 6), Is.EqualTo(128));
        Assert.That(CudaDevice.Fp32LanesPerSm(8, 9), Is.EqualTo(128));
        Assert.That(CudaDevice.Fp32LanesPerSm(9, 0), Is.EqualTo(128));
        Assert.That(CudaDevice.Fp32LanesPerSm(12, 0), Is.EqualTo(128));
        Assert.That(CudaDevice.Fp32LanesPerSm(2, 0), Is.Null);
    }

    [Test]
    public void LostContextErrorsBecomeDeviceLost()
    {
        var lost = CudaErrors.Error(CudaErrors.IllegalAddress, "cuStreamSynchronize");
        Assert.That(lost, Is.TypeOf<DeviceLostException>());
        Assert.That(lost.Message, Does.Contain("cuStreamSynchronize").And.Contain("CUDA_ERROR_ILLEGAL_ADDRESS"));
        Assert.That(CudaErrors.Error(CudaErrors.LaunchFailed, "x"), Is.TypeOf<DeviceLostException>());
        Assert.That(CudaErrors.Error(CudaErrors.ContextIsDestroyed, "x"), Is.TypeOf<DeviceLostException>());
        var plain = CudaErrors.Error(2, "cuMemAlloc");
        Assert.That(plain, Is.TypeOf<AcceleratorException>());
        Assert.That(plain.Message, Does.Contain("cuMemAlloc"));
    }

    [Test]
    public void DiscoveryReportsCudaWithAReason()
    {
        var context = Context.Create(Backend.Cpu, Backend.Cuda);
        var status = context.Backends.Single(b => b.Backend == Backend.Cuda);
        TestContext.Progress.WriteLine($"CUDA: available={status.Available}: {status.Detail}");
        Assert.That(status.Detail, Is.Not.Empty);
        if (status.Available)
        {
            Assert.That(context.Devices.Count(d => d.Backend == Backend.Cuda), Is.Positive);
            Assert.That(status.Detail, Does.Contain("driver").And.Contain("NVRTC"));
        }
        else
        {
            Assert.That(context.Devices.Any(d => d.Backend == Backend.Cuda), Is.False);
            var ex = Assert.Throws<ArgumentException>(() => context.GetDevice("cuda"))!;
            Assert.That(ex.Message, Does.Contain(status.Detail));
        }
    }
}
