using KernelGen.Tests.Support;

namespace KernelGen.Tests.Runtime;

/// <summary>Launches hand-written kernels (see <see cref="OpenCLTestKernels"/>) on the first OpenCL device.</summary>
[TestFixture]
public sealed class OpenCLKernelTests
{
    private Accelerator _acc = null!;

    [OneTimeSetUp] public void Open() => _acc = TestDevices.Open("opencl");
    [OneTimeTearDown] public void Close() => _acc?.Dispose();

    [TestCase(1)]
    [TestCase(7)]
    [TestCase(1031)]
    [TestCase(100003)]
    public void Index1DKernelRunsOverOffsetViews(int n)
    {
        var x = Enumerable.Range(0, n + 5).Select(i => (i % 1000) * 0.5f - 7f).ToArray();
        using var xs = _acc.Allocate<float>(x, "x");
        using var ys = _acc.Allocate<float>(Enumerable.Repeat(-1f, n + 2).ToArray(), "y");
        _acc.DefaultStream.Launch(OpenCLTestKernels.Saxpy, n, xs.View.SubView(3, n), ys.View.SubView(1, n), 0.25f);
        var y = ys.ToArray();
        Assert.That(y[0], Is.EqualTo(-1f), "element before the view");
        Assert.That(y[n + 1], Is.EqualTo(-1f), "element after the view");
        for (int i = 0; i < n; i++)
        {
            double expected = 2.0 * x[i + 3] + 0.25;
            if (Math.Abs(y[i + 1] - expected) > 1e-5 * Math.Max(1, Math.Abs(expected)))
                Assert.Fail($"y[{i}] = {y[i + 1]}, expected {expected}");
        }
    }

    [Test]
    public void Index2DKernelCoversARaggedExtent()
    {
        const int width = 37, height = 19;
        var a = Enumerable.Range(0, width * height).Select(i => i * 0.25f).ToArray();
        using var input = _acc.Allocate<float>(a, "a");
        using var output = _acc.Allocate<float>(width * height, "o");
        output.Zero();
        _acc.DefaultStream.Launch(OpenCLTestKernels.Scale2D, new Index2D(width, height), input, output, width);
        var o = output.ToArray();
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                Assert.That(o[y * width + x], Is.EqualTo(a[y * width + x] * 3.0 + y).Within(1e-4), $"({x}, {y})");
    }

    [TestCase(64)]
    [TestCase(256)]
    public void GroupedKernelSumsEachGroupThroughLocalMemory(int group)
    {
        const int n = 1000;
        int groups = (n + group - 1) / group;
        var x = Enumerable.Range(0, n).Select(i => (float)Math.Sin(i)).ToArray();
        using var xs = _acc.Allocate<float>(x, "x");
        using var sums = _acc.Allocate<float>(groups, "sums");
        _acc.DefaultStream.Launch(OpenCLTestKernels.GroupSum, new KernelConfig(groups, group), xs, sums, n);
        var got = sums.ToArray();
        for (int g = 0; g < groups; g++)
        {
            double expected = x.Skip(g * group).Take(group).Sum(v => (double)v);
            Assert.That(got[g], Is.EqualTo(expected).Within(1e-4), $"group {g}");
        }
    }

    [Test]
    public void CompileErrorQuotesLogGeneratedLineAndCSharpLine()
    {
        var ex = Assert.Throws<KernelCompilationException>(() => _acc.Preload(OpenCLTestKernels.Broken));
        TestContext.Progress.WriteLine(ex!.Message);
        Assert.That(ex.BuildLog, Does.Contain("undeclared_thing"));
        Assert.That(ex.Message, Does.Contain(ex.BuildLog));
        Assert.That(ex.Message, Does.Contain("HandWritten.Broken").And.Contain(_acc.Device.Name));
        Assert.That(ex.Message, Does.Contain("y_base[y_off + i] = undeclared_thing * 2.0f;"));
        Assert.That(ex.Message, Does.Contain($"{OpenCLTestKernels.SourceFile}:74"));
    }

    [Test]
    public void EventsTimeTheWorkBetweenThem()
    {
        const int n = 1 << 20;
        using var xs = _acc.Allocate<float>(n, "x");
        using var ys = _acc.Allocate<float>(n, "y");
        xs.Zero();
        var stream = _acc.DefaultStream;
        stream.Launch(OpenCLTestKernels.Saxpy, n, xs, ys, 1f);
        using var start = stream.RecordEvent();
        for (int i = 0; i < 10; i++) stream.Launch(OpenCLTestKernels.Saxpy, n, xs, ys, 1f);
        using var end = stream.RecordEvent();
        float ms = end.ElapsedMillisecondsSince(start);
        TestContext.Progress.WriteLine($"10 x saxpy({n}): {ms:F3} ms");
        Assert.That(ms, Is.GreaterThan(0f));
        end.Synchronize();
        Assert.That(ys.ToArray()[12345], Is.EqualTo(1f));
    }

    [Test]
    public void WrongArgumentNamesKernelAndArgument()
    {
        using var xs = _acc.Allocate<float>(8, "x");
        using var ys = _acc.Allocate<float>(8, "y");
        var ex = Assert.Throws<ArgumentException>(() => _acc.DefaultStream.Launch(OpenCLTestKernels.Saxpy, 8, xs, ys, 3));
        Assert.That(ex!.Message, Does.Contain("HandWritten.Saxpy").And.Contain("'b'"));
    }

    [Test]
    public void AdditionalStreamRunsItsOwnQueue()
    {
        using var stream = _acc.CreateStream();
        using var xs = _acc.Allocate<float>([1f, 2f, 3f], "x");
        using var ys = _acc.Allocate<float>(3, "y");
        stream.Launch(OpenCLTestKernels.Saxpy, 3, xs, ys, 0f);
        Assert.That(ys.ToArray(stream), Is.EqualTo(new[] { 2f, 4f, 6f }));
    }

    [Test]
    public void LaunchAllocatesNothingAndCompilesOnce()
    {
        using var xs = _acc.Allocate<float>(1024, "x");
        using var ys = _acc.Allocate<float>(1024, "y");
        var stream = _acc.DefaultStream;
        stream.Launch(OpenCLTestKernels.Saxpy, 1024, xs, ys, 1f);
        int compiled = _acc.CompiledKernelCount;
        var x = xs.View;
        var y = ys.View;
        for (int i = 0; i < 60; i++) stream.Launch(OpenCLTestKernels.Saxpy, 1024, x, y, 1f); // past the JIT's tier-up
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++) stream.Launch(OpenCLTestKernels.Saxpy, 1024, x, y, 1f);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        stream.Synchronize();
        Assert.That(allocated, Is.Zero, "managed bytes allocated by 100 launches");
        Assert.That(_acc.CompiledKernelCount, Is.EqualTo(compiled));
    }

    [Test]
    public void BufferOfADisposedAcceleratorNamesTheDevice()
    {
        var device = _acc.Device;
        var acc = device.CreateAccelerator();
        var buffer = acc.Allocate<float>(16, "orphan");
        var stream = acc.DefaultStream;
        acc.Dispose();
        var ex = Assert.Throws<ObjectDisposedException>(() => buffer.ToArray());
        Assert.That(ex!.Message, Does.Contain(device.Name));
        Assert.Throws<ObjectDisposedException>(() => stream.Launch(OpenCLTestKernels.Saxpy, 16, buffer, buffer, 1f));
        Assert.DoesNotThrow(buffer.Dispose);
    }
}
