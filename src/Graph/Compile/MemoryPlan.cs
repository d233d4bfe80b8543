namespace KernelGen.Graph;

/// <summary>
/// Liveness-based placement of activations and activation gradients in one arena: each lives from the
/// schedule position that writes it first to the last that reads it, and a dead one's space is reused
/// (first fit). <see cref="PeakBytes"/> is the arena's size; <see cref="UnplannedBytes"/> what one buffer per
/// tensor would take.
/// </summary>
public sealed class MemoryPlan
{
    private const int Alignment = 16; // floats: 64 bytes

    /// <summary>A placed interval.</summary>
    /// <param name="Key">What is stored (a tensor or a tensor's gradient).</param>
    /// <param name="Start">First schedule position that writes it.</param>
    /// <param name="End">Last schedule position that reads it.</param>
    /// <param name="Length">Elements.</param>
    /// <param name="Offset">Element offset in the arena.</param>
    public sealed record Slot(string Key, int Start, int End, int Length, int Offset);

    internal MemoryPlan(IReadOnlyList<(string Key, int Start, int End, int Length)> intervals)
    {
        var placed = new List<Slot>();
        var active = new List<Slot>();
        foreach (var (key, start, end, length) in intervals.OrderBy(i => i.Start).ThenByDescending(i => i.Length))
        {
            active.RemoveAll(s => s.End < start);
            int size = (length + Alignment - 1) / Alignment * Alignment;
            int offset = 0;
            foreach (var s in active.OrderBy(s => s.Offset))
            {
                int sSize = (s.Length + Alignment - 1) / Alignment * Alignment;
                if (offset + size <= s.Offset) break;
                offset = Math.Max(offset, s.Offset + sSize);
            }
            var slot = new Slot(key, start, end, length, offset);
            active.Add(slot);
            placed.Add(slot);
            ArenaLength = Math.Max(ArenaLength, offset + size);
            UnplannedBytes += length * 4L;
        }
        Slots = placed;
    }

    /// <summary>Every placed interval.</summary>
    public IReadOnlyList<Slot> Slots { get; }

    /// <summary>Arena size in floats.</summary>
    public int ArenaLength { get; }

    /// <summary>Arena size in bytes: the planned peak.</summary>
    public long PeakBytes => ArenaLength * 4L;

    /// <summary>Bytes if every tensor had its own buffer.</summary>
    public long UnplannedBytes { get; }

    /// <inheritdoc/>
    public override string ToString() => $"planned peak {PeakBytes:N0} B vs {UnplannedBytes:N0} B unplanned ({Slots.Count} tensors)";
}
