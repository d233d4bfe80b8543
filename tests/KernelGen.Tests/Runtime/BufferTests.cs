using KernelGen.Tests.Support;

namespace KernelGen.Tests.Runtime;

[TestFixtureSource(typeof(TestDevices), nameof(TestDevices.KernelBackends))]
public sealed class BufferTests(string backend) : DeviceFixture(backend)
{
    [Test]
    public void RoundTripsDataAndSubRanges()
    {
        var data = Enumerable.Range(0, 1031).Select(i => i * 0.5f).ToArray();
        using var buffer = Acc.Allocate<float>(data, "roundtrip");
        Assert.That(buffer.ToArray(), Is.EqualTo(data));
        var part = new float[7];
        buffer.CopyToHost(part, 100);
        Assert.That(part, Is.EqualTo(data.Skip(100).Take(7)));
        buffer.Zero(10, 5);
        var all = buffer.ToArray();
        Assert.That(all.Skip(10).Take(5), Is.All.EqualTo(0f));
        Assert.That(all[9], Is.EqualTo(4.5f));
        Assert.That(all[15], Is.EqualTo(7.5f));
    }

    [Test]
    public void CopiesBetweenBuffers()
    {
        using var a = Acc.Allocate<int>(Enumerable.Range(0, 97).ToArray(), "a");
        using var b = Acc.Allocate<int>(97, "b");
        b.Zero();
        b.CopyFrom(a.View.SubView(10, 20), 50);
        var got = b.ToArray();
        Assert.That(got.Skip(50).Take(20), Is.EqualTo(Enumerable.Range(10, 20)));
        Assert.That(got.Take(50), Is.All.EqualTo(0));
    }

    [Test]
    public void CopyOfWrongLengthNamesBufferAndSizes()
    {
        using var buffer = Acc.Allocate<float>(10, "small");
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => buffer.CopyFromHost(new float[11]));
        Assert.That(ex!.Message, Does.Contain("small").And.Contain("11").And.Contain("10"));
        ex = Assert.Throws<ArgumentOutOfRangeException>(() => buffer.CopyToHost(new float[4], 8));
        Assert.That(ex!.Message, Does.Contain("offset 8").And.Contain("small"));
    }

    [Test]
    public void DisposedBufferIsAClearError()
    {
        var buffer = Acc.Allocate<float>(16, "gone");
        buffer.Dispose();
        var ex = Assert.Throws<ObjectDisposedException>(() => buffer.ToArray());
        Assert.That(ex!.Message, Does.Contain("gone").And.Contain("disposed"));
        Assert.DoesNotThrow(buffer.Dispose);
    }

    [Test]
    public void AllocationIsCountedAndReleased()
    {
        long before = Acc.AllocatedBytes;
        using (Acc.Allocate<float>(1000, "counted"))
            Assert.That(Acc.AllocatedBytes, Is.EqualTo(before + 4000));
        Assert.That(Acc.AllocatedBytes, Is.EqualTo(before));
    }

    [Test]
    public void BadLengthIsRejected()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Acc.Allocate<float>(0, "empty"));
        Assert.That(ex!.Message, Does.Contain("empty").And.Contain("0"));
    }
}
