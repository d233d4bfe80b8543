using KernelGen.Models.Data;

namespace KernelGen.Tests.Models;

/// <summary>Seeded mini-batches: determinism per (seed, epoch), resuming, drop-last, buffers, binarization.</summary>
public sealed class BatchIteratorTests
{
    /// <summary>10 images of 1×2 pixels: image i holds (i/10, 0.05 + i/10); label i % 3.</summary>
    static Dataset Ten() => new("ten",
        [.. Enumerable.Range(0, 10).SelectMany(i => new[] { i / 10f, 0.05f + i / 10f })],
        [.. Enumerable.Range(0, 10).Select(i => i % 3)], 1, 2, 3);

    static List<int[]> Epoch(BatchIterator it)
    {
        var x = new float[it.BatchSize * 2];
        var y = new int[it.BatchSize];
        var batches = new List<int[]>();
        while (it.TryNext(x, y, out int n)) batches.Add(it.LastBatchIndices.ToArray());
        return batches;
    }

    [Test]
    public void EveryExampleOncePerEpochInShuffledOrder()
    {
        var it = new BatchIterator(Ten(), 3, seed: 7, dropLast: false);
        Assert.That(it.BatchesPerEpoch, Is.EqualTo(4));
        var e0 = Epoch(it);
        Assert.That(e0.Select(b => b.Length), Is.EqualTo(new[] { 3, 3, 3, 1 }));
        Assert.That(e0.SelectMany(b => b), Is.EquivalentTo(Enumerable.Range(0, 10)));
        Assert.That(e0.SelectMany(b => b), Is.Not.EqualTo(Enumerable.Range(0, 10)));
        Assert.That((it.Epoch, it.Batch), Is.EqualTo((1, 0)));
        var e1 = Epoch(it);
        Assert.That(e1.SelectMany(b => b), Is.Not.EqualTo(e0.SelectMany(b => b)));
    }

    [Test]
    public void DeterministicPerSeedAndEpochAndResumable()
    {
        var a = new BatchIterator(Ten(), 4, seed: 42);
        Epoch(a);
        var aEpoch1 = Epoch(a);
        var b = new BatchIterator(Ten(), 4, seed: 42);
        b.Seek(1, 1);
        var resumed = Epoch(b);
        Assert.That(resumed, Is.EqualTo(aEpoch1.Skip(1).ToList()));
        var other = new BatchIterator(Ten(), 4, seed: 43);
        other.Seek(1, 0);
        Assert.That(Epoch(other), Is.Not.EqualTo(aEpoch1));
    }

    [Test]
    public void CopiesImagesAndLabelsOfTheChosenExamples()
    {
        var data = Ten();
        var it = new BatchIterator(data, 4, seed: 3);
        var x = new float[8];
        var y = new int[4];
        Assert.That(it.TryNext(x, y, out int n), Is.True);
        Assert.That(n, Is.EqualTo(4));
        for (int i = 0; i < 4; i++)
        {
            int example = it.LastBatchIndices[i];
            Assert.That(x.AsSpan(2 * i, 2).ToArray(), Is.EqualTo(data.Image(example).ToArray()));
            Assert.That(y[i], Is.EqualTo(data.Labels[example]));
        }
        Assert.That(it.TryNext(x, Span<int>.Empty, out _), Is.True, "labels may be skipped");
    }

    [Test]
    public void DropLastAndUnshuffled()
    {
        var it = new BatchIterator(Ten(), 4, seed: 0, shuffle: false, dropLast: true);
        Assert.That(it.BatchesPerEpoch, Is.EqualTo(2));
        Assert.That(Epoch(it), Is.EqualTo(new[] { new[] { 0, 1, 2, 3 }, new[] { 4, 5, 6, 7 } }));
    }

    [Test]
    public void DoesNotAllocatePerBatch()
    {
        var it = new BatchIterator(Mnist.LoadEmbedded().Train, 64, seed: 1, binarization: Binarization.Dynamic);
        var x = new float[64 * 784];
        var y = new int[64];
        // Warm up past the JIT's tier-up threshold (30 calls) so one-time compilation work is not counted.
        for (int i = 0; i < 60; i++) it.TryNext(x, y, out _);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 50; i++) it.TryNext(x, y, out _); // 110 of the epoch's 125 batches: no epoch roll-over

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
    }

    [Test]
    public void BadArguments()
    {
        var data = Ten();
        Assert.That(Assert.Throws<ArgumentException>(() => new BatchIterator(data, 11, 1))!.Message, Does.Contain("exceeds the 10 examples"));
        Assert.DoesNotThrow(() => new BatchIterator(data, 11, 1, dropLast: false));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BatchIterator(data, 0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BatchIterator(data, 2, 1, binarization: (Binarization)9));
        var it = new BatchIterator(data, 4, 1);
        Assert.That(Assert.Throws<ArgumentException>(() => it.TryNext(new float[7], new int[4], out _))!.Message, Does.Contain("needs 8"));
        Assert.Throws<ArgumentException>(() => it.TryNext(new float[8], new int[3], out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => it.Seek(0, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => it.Seek(-1, 0));
    }

    [Test]
    public void FixedBinarization()
    {
        var it = new BatchIterator(Ten(), 10, seed: 5, shuffle: false, binarization: Binarization.Fixed);
        var x = new float[20];
        it.TryNext(x, [], out _);
        // pixel values i/10 and 0.05 + i/10: above 0.5 from image 5 (0.55) and image 6 (0.6)
        Assert.That(x.Where((_, k) => k % 2 == 1), Is.EqualTo(Enumerable.Range(0, 10).Select(i => i >= 5 ? 1f : 0f)));
        Assert.That(x.Where((_, k) => k % 2 == 0), Is.EqualTo(Enumerable.Range(0, 10).Select(i => i >= 6 ? 1f : 0f)));
    }

    [Test]
    public void DynamicBinarizationIsBernoulliAndSeededPerEpoch()
    {
        var source = Enumerable.Repeat(0.3f, 20000).ToArray();
        var a = new float[source.Length];
        var b = new float[source.Length];
        Binarizer.Dynamic(source, a, seed: 9, epoch: 0, example: 4);
        Binarizer.Dynamic(source, b, seed: 9, epoch: 0, example: 4);
        Assert.That(a, Is.EqualTo(b));
        Assert.That(a.All(v => v is 0f or 1f));
        Assert.That(a.Average(), Is.EqualTo(0.3).Within(0.015));
        Binarizer.Dynamic(source, b, seed: 9, epoch: 1, example: 4);
        Assert.That(b, Is.Not.EqualTo(a));
        Binarizer.Dynamic([0f, 1f, -1f, 2f], b.AsSpan(0, 4), 1, 0, 0);
        Assert.That(b[..4], Is.EqualTo(new[] { 0f, 1f, 0f, 1f }));
        Assert.Throws<ArgumentException>(() => Binarizer.Dynamic(source, new float[3], 1, 0, 0));
        Assert.Throws<ArgumentException>(() => Binarizer.Fixed(source, new float[3]));
    }

    [Test]
    public void DynamicBinarizationThroughIteratorSameForSameExampleAndEpoch()
    {
        var data = Mnist.LoadEmbedded().Test;
        var x = new float[32 * 784];
        var it = new BatchIterator(data, 32, seed: 11, binarization: Binarization.Dynamic);
        it.Seek(2, 5);
        it.TryNext(x, [], out _);
        int example = it.LastBatchIndices[0];
        var expected = new float[784];
        Binarizer.Dynamic(data.Image(example), expected, 11, 2, example);
        Assert.That(x[..784], Is.EqualTo(expected));
        Assert.That(x.All(v => v is 0f or 1f));
    }
}
