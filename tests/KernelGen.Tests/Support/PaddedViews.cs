namespace KernelGen.Tests.Support;

/// <summary>
/// Uploads arrays into buffers with a few zeroed elements before and after each view, so ops are tested on
/// sub-views at an offset; disposes every buffer it made.
/// </summary>
public sealed class PaddedViews(Accelerator acc) : IDisposable
{
    /// <summary>Elements before and after each view.</summary>
    public const int Pad = 3;

    private readonly List<IDisposable> _owned = [];

    /// <summary>A view holding <paramref name="data"/>.</summary>
    public ArrayView<float> Up(float[] data, string name) => Up<float>(data, name);

    /// <summary>A view holding int <paramref name="data"/>.</summary>
    public ArrayView<int> Up(int[] data, string name) => Up<int>(data, name);

    /// <summary>A zeroed view of <paramref name="length"/> elements.</summary>
    public ArrayView<T> Zeros<T>(int length, string name) where T : unmanaged => Up(new T[length], name);

    private ArrayView<T> Up<T>(T[] data, string name) where T : unmanaged
    {
        var b = acc.Allocate<T>(data.Length + 2 * Pad, name);
        _owned.Add(b);
        b.Zero();
        b.CopyFromHost(data, Pad);
        return b.View.SubView(Pad, data.Length);
    }

    /// <summary>The view's elements (waits for the default stream); asserts the padding around it is untouched.</summary>
    public static T[] Down<T>(ArrayView<T> view) where T : unmanaged
    {
        var all = ((MemoryBuffer<T>)view.Buffer!).ToArray();
        if (view.Offset == Pad && all.Length == view.Length + 2 * Pad)
        {
            for (int i = 0; i < Pad; i++)
            {
                Assert.That(all[i], Is.EqualTo(default(T)), $"'{view.Buffer!.Name}' written before the view");
                Assert.That(all[^(i + 1)], Is.EqualTo(default(T)), $"'{view.Buffer!.Name}' written after the view");
            }
        }
        return all.AsSpan(view.Offset, view.Length).ToArray();
    }

    /// <summary>Disposes every buffer.</summary>
    public void Dispose()
    {
        foreach (var b in _owned) b.Dispose();
        _owned.Clear();
    }
}
