using KernelGen.Tests.Support;

namespace KernelGen.Tests.Runtime;

/// <summary>
/// <see cref="HostStaging{T}"/> on every backend: uploads arrive in order, the caller's array may be rewritten as soon
/// as <c>Upload</c> returns, and an upload never synchronizes the stream (the host waits at most for a staging buffer,
/// counted as a staging wait).
/// </summary>
[TestFixtureSource(typeof(TestDevices), nameof(TestDevices.KernelBackends))]
public sealed class HostStagingTests(string backend) : DeviceFixture(backend)
{
    [Test]
    public void UploadsArriveInOrderAndTheSourceMayBeReusedAtOnce()
    {
        const int length = 1 << 16, uploads = 6;
        using var target = Acc.Allocate<float>(length, "target");
        using var staging = new HostStaging<float>(target, length);
        var copies = Enumerable.Range(0, uploads).Select(i => Acc.Allocate<float>(length, $"copy{i}")).ToArray();
        try
        {
            var data = new float[length];
            var start = Acc.Counters;
            for (int i = 0; i < uploads; i++)
            {
                for (int j = 0; j < length; j++) data[j] = i * 1000 + j % 997;
                staging.Upload(data);
                Array.Fill(data, float.NaN);
                copies[i].CopyFrom(target.View);
            }
            var counted = Acc.Counters - start;
            Assert.That((counted.Uploads, counted.HostWaits, counted.DeviceCopies), Is.EqualTo((6L, 0L, 6L)),
                "six uploads, no stream synchronization");
            Assert.That(counted.StagingWaits, Is.InRange(0, uploads - 2), "only the third and later uploads can wait for a staging buffer");
            for (int i = 0; i < uploads; i++)
            {
                var back = copies[i].ToArray();
                Assert.That(Enumerable.Range(0, length).All(j => back[j] == i * 1000 + j % 997), Is.True, $"upload {i} as it was sent");
            }
        }
        finally
        {
            foreach (var copy in copies) copy.Dispose();
        }
    }

    [Test]
    public void APartialUploadWritesTheStartAndTooMuchDataIsRefused()
    {
        using var target = Acc.Allocate<int>(new[] { 9, 9, 9, 9 }, "labels");
        using var staging = new HostStaging<int>(target, 4);
        staging.Upload(new[] { 1, 2 });
        Assert.That(target.ToArray(), Is.EqualTo(new[] { 1, 2, 9, 9 }));
        var tooMuch = Assert.Throws<ArgumentException>(() => staging.Upload(new int[5]))!;
        Assert.That(tooMuch.Message, Does.Contain("5 elements").And.Contain("'labels'"));
        Assert.That(() => new HostStaging<int>(target, 5), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("'labels'"));
    }
}
