namespace KernelGen.Models;

/// <summary>Sizes of host arrays computed from counts the caller gives (images to sample, latent widths), checked.</summary>
public static class HostArrays
{
    /// <summary>
    /// <paramref name="count"/> × <paramref name="perItem"/>, or a <see cref="SizeLimitException"/> saying so when
    /// that is more values than one array holds (e.g. <c>sample --count 10000</c> of a model with a latent of 300,000).
    /// </summary>
    public static int Length(int count, int perItem, string items)
    {
        long length = (long)count * perItem;
        return length <= Array.MaxLength ? (int)length
            : throw new SizeLimitException($"{count:N0} {items} of {perItem:N0} values each need {length:N0} values, more than the {Array.MaxLength:N0} one array holds; ask for fewer.");
    }
}
