using KernelGen.Runtime.Cuda;
using KernelGen.Tests.Support;

namespace KernelGen.Tests.Runtime;

/// <summary>
/// The CUDA backend on a real GPU, with kernels written by hand to the generated-code ABI (extent ints, then
/// base/offset/length per view and one 4-byte value per scalar). Skipped with the reason where CUDA is absent.
/// </summary>
[TestFixture]
public sealed class CudaTests
{
    private Accelerator _acc = null!;

    [OneTimeSetUp] public void Open() => _acc = TestDevices.Open("cuda");
    [OneTimeTearDown] public void Close() => _acc?.Dispose();

    internal static KernelDefinition Define(string name, KernelShape shape, KernelParameter[] parameters, string source,
        CpuKernelLauncher? cpu = null, int[]? lineMap = null) =>
        new(name, name, shape, parameters, source, "", lineMap ?? new int[source.Split('\n').Length], [],
            "CudaTests.cs", 1, cpu ?? ((in CpuLaunch _, ReadOnlySpan<KernelArg> _) => throw new NotSupportedException()));

    private static readonly KernelDefinition ScaleAdd = Define("scale_add", KernelShape.Index1D,
        [new("x", true, ScalarType.Float), new("y", true, ScalarType.Float), new("a", false, ScalarType.Float)],
        """
        extern "C" __global__ void scale_add(int __extent_x, const float* x_base, int x_off, int x_len,
                                             float* y_base, int y_off, int y_len, float a)
        {
            int i = blockIdx.x * blockDim.x + threadIdx.x;
            if (i >= __extent_x || i >= x_len || i >= y_len) return;
            y_base[y_off + i] = a * x_base[x_off + i] + y_base[y_off + i];
        }
        """);

    private static readonly KernelDefinition Fill2D = Define("fill2d", KernelShape.Index2D,
        [new("output", true, ScalarType.Int), new("bias", false, ScalarType.Int), new("scale", false, ScalarType.UInt)],
        """
        extern "C" __global__ void fill2d(int __extent_x, int __extent_y, int* output_base, int output_off, int output_len,
                                          int bias, unsigned int scale)
        {
            int x = blockIdx.x * blockDim.x + threadIdx.x;
            int y = blockIdx.y * blockDim.y + threadIdx.y;
            if (x >= __extent_x || y >= __extent_y) return;
            output_base[output_off + y * __extent_x + x] = (int)(x * scale) + y + bias;
        }
        """);

    private static readonly KernelDefinition GroupSum = Define("group_sum", KernelShape.Grouped,
        [new("x", true, ScalarType.Float), new("sums", true, ScalarType.Float)],
        """
        extern "C" __global__ void group_sum(const float* x_base, int x_off, int x_len, float* sums_base, int sums_off, int sums_len)
        {
            __shared__ float tile[256];
            int t = threadIdx.x;
            int i = blockIdx.x * blockDim.x + t;
            tile[t] = i < x_len ? x_base[x_off + i] : 0.0f;
            __syncthreads();
            for (int s = blockDim.x / 2; s > 0; s >>= 1)
            {
                if (t < s) tile[t] += tile[t + s];
                __syncthreads();
            }
            if (t == 0 && blockIdx.x < sums_len) sums_base[sums_off + blockIdx.x] = tile[0];
        }
        """);

    [TestCase(1)]
    [TestCase(7)]
    [TestCase(1031)]
    [TestCase(100003)]
    public void Index1DKernelRunsOverSubViewsWithOffsets(int n)
    {
        var x = Enumerable.Range(0, n + 5).Select(i => (float)(i % 97)).ToArray();
        var y = Enumerable.Range(0, n + 3).Select(i => (float)(i % 13)).ToArray();
        using var xb = _acc.Allocate<float>(x, "x");
        using var yb = _acc.Allocate<float>(y, "y");
        _acc.DefaultStream.Launch(ScaleAdd, new Index1D(n), xb.View.SubView(5, n), yb.View.SubView(3, n), 2.5f);
        var got = yb.ToArray();
        for (int i = 0; i < y.Length; i++)
        {
            float expected = i >= 3 ? (float)(2.5 * x[i - 3 + 5] + y[i]) : y[i];
            if (got[i] != expected) Assert.Fail($"n={n}: y[{i}] = {got[i]}, expected {expected}");
        }
    }

    [Test]
    public void Index2DKernelCoversTheExtent()
    {
        const int w = 37, h = 19;
        using var output = _acc.Allocate<int>(w * h + 4, "grid");
        output.Zero();
        _acc.DefaultStream.Launch(Fill2D, new Index2D(w, h), output.View.SubView(4, w * h), -5, 1000u);
        var got = output.ToArray();
        Assert.That(got.Take(4), Is.All.EqualTo(0));
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                Assert.That(got[4 + y * w + x], Is.EqualTo(x * 1000 + y - 5), $"({x}, {y})");
    }

    [Test]
    public void GroupedKernelUsesSharedMemoryAndBarriers()
    {
        const int groups = 40, size = 256;
        int n = groups * size - 17;
        var data = Enumerable.Range(0, n).Select(i => (float)(i % 31)).ToArray();
        using var x = _acc.Allocate<float>(data, "x");
        using var sums = _acc.Allocate<float>(groups, "sums");
        _acc.DefaultStream.Launch(GroupSum, new KernelConfig(groups, size), x, sums);
        var got = sums.ToArray();
        for (int g = 0; g < groups; g++)
            Assert.That(got[g], Is.EqualTo(data.Skip(g * size).Take(size).Sum()), $"group {g}");
    }

    [Test]
    public void CompileErrorQuotesTheLogGeneratedLineAndCSharpLine()
    {
        var source = "extern \"C\" __global__ void broken(int __extent_x, float* y_base, int y_off, int y_len)\n{\n    y_base[y_off] = undefined_thing;\n}\n";
        var kernel = new KernelDefinition("Fake.Broken", "broken", KernelShape.Index1D, [new("y", true, ScalarType.Float)],
            source, "", [10, 10, 42, 10, 0], [], "Fake.cs", 10, (in CpuLaunch _, ReadOnlySpan<KernelArg> _) => { });
        var ex = Assert.Throws<KernelCompilationException>(() => _acc.Preload(kernel))!;
        TestContext.Progress.WriteLine(ex.Message);
        Assert.That(ex.Message, Does.Contain("Fake.Broken").And.Contain(_acc.Device.Name));
        Assert.That(ex.BuildLog, Does.Contain("kernel.cu(3)").And.Contain("undefined_thing"));
        Assert.That(ex.Message, Does.Contain(ex.BuildLog.Trim()));
        Assert.That(ex.Message, Does.Contain("y_base[y_off] = undefined_thing;").And.Contain("Fake.cs:42"));
    }

    [Test]
    public void EventsTimeWorkOnTheStream()
    {
        using var stream = _acc.CreateStream();
        using var x = _acc.Allocate<float>(1 << 20, "x");
        using var y = _acc.Allocate<float>(1 << 20, "y");
        x.Zero(stream: stream);
        y.Zero(stream: stream);
        using var start = stream.RecordEvent();
        for (int i = 0; i < 20; i++) stream.Launch(ScaleAdd, new Index1D(x.Length), x, y, 1f);
        using var end = stream.RecordEvent();
        float ms = end.ElapsedMillisecondsSince(start);
        Assert.That(ms, Is.GreaterThanOrEqualTo(0f).And.LessThan(60_000f));
        Assert.DoesNotThrow(end.Synchronize);
    }

    [Test]
    public void WarmStartLoadsFromTheDiskCache()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"kernelgen-cache-test-{Guid.NewGuid():N}");
        var previous = Environment.GetEnvironmentVariable(CudaKernelCache.CacheDirVariable);
        Environment.SetEnvironmentVariable(CudaKernelCache.CacheDirVariable, dir);
        try
        {
            var kernel = Define("cache_probe", KernelShape.Index1D, [new("y", true, ScalarType.Float)],
                $"extern \"C\" __global__ void cache_probe(int __extent_x, float* y_base, int y_off, int y_len)\n{{ /* {Guid.NewGuid()} */ }}\n");
            using (var first = _acc.Device.CreateAccelerator()) first.Preload(kernel);
            Assert.That(Directory.GetFiles(Path.Combine(dir, "cuda")), Has.Length.EqualTo(1));
            long compiled = CudaCompiler.CompileCount;
            using (var second = _acc.Device.CreateAccelerator()) second.Preload(kernel);
            Assert.That(CudaCompiler.CompileCount, Is.EqualTo(compiled), "the second accelerator should load the cached image");
        }
        finally
        {
            Environment.SetEnvironmentVariable(CudaKernelCache.CacheDirVariable, previous);
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }

    [Test]
    public void DisposalGivesClearErrors()
    {
        var acc = _acc.Device.CreateAccelerator();
        var buffer = acc.Allocate<float>(64, "orphan");
        var stream = acc.CreateStream();
        var closed = acc.CreateStream();
        closed.Dispose();
        Assert.Throws<ObjectDisposedException>(closed.Synchronize);
        Assert.Throws<ObjectDisposedException>(() => buffer.Zero(stream: closed));
        acc.Dispose();
        var ex = Assert.Throws<ObjectDisposedException>(() => buffer.ToArray())!;
        Assert.That(ex.Message, Does.Contain("disposed"));
        Assert.Throws<ObjectDisposedException>(() => acc.Allocate<float>(4));
        Assert.Throws<ObjectDisposedException>(() => stream.Launch(ScaleAdd, new Index1D(1), buffer, buffer, 1f));
        Assert.DoesNotThrow(buffer.Dispose);
        Assert.DoesNotThrow(stream.Dispose);
        Assert.DoesNotThrow(acc.Dispose);
    }

    [Test]
    public void DeviceReportsItsFigures()
    {
        var device = (CudaDevice)_acc.Device;
        TestContext.Progress.WriteLine($"{device.Name}: cc {device.ComputeCapability}, {device.ComputeUnits} SMs, {device.MemoryBytes:N0} B, " +
                                       $"peak {device.PeakGflops:N0} GFLOP/s, driver {device.DriverVersion}");
        Assert.That(device.Vendor, Is.EqualTo("NVIDIA"));
        Assert.That(device.ComputeUnits, Is.Positive);
        Assert.That(device.MaxGroupSize, Is.GreaterThanOrEqualTo(256));
        Assert.That(device.ComputeCapability.Major, Is.GreaterThanOrEqualTo(3));
        Assert.That(device.SharedMemoryBytes, Is.GreaterThanOrEqualTo(16 * 1024));
    }
}
