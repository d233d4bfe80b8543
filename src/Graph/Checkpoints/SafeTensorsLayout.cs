namespace KernelGen.Graph.Checkpoints;

/// <summary>
/// Checks the declared tensors against the data area of a safetensors file: each one's byte count agrees with its
/// dtype and shape and lies inside the data area, no two overlap (that would alias weights), and together they
/// cover the data area exactly, with no gap and nothing after the last one.
/// </summary>
internal static class SafeTensorsLayout
{
    /// <summary>The one dtype the library writes and accepts.</summary>
    public const string F32 = "F32";

    private const int F32Bytes = 4;

    /// <summary>Bytes per element of the dtypes a skipped tensor may have (safetensors' names).</summary>
    private static readonly Dictionary<string, int> SkippableBytes = new()
    {
        ["F64"] = 8, [F32] = 4, ["F16"] = 2, ["BF16"] = 2, ["I64"] = 8, ["I32"] = 4, ["I16"] = 2, ["I8"] = 1, ["U8"] = 1, ["BOOL"] = 1,
    };

    /// <summary>Throws an <see cref="FileFormatException"/> for the first tensor that does not fit.</summary>
    /// <param name="path">The file, for messages.</param>
    /// <param name="tensors">The tensors as the header declares them.</param>
    /// <param name="dataStart">File offset of the data area (8 + header length).</param>
    /// <param name="dataLength">Bytes in the data area.</param>
    /// <param name="skipped">Tensors the caller leaves out, which may have any dtype of <see cref="SkippableBytes"/>; null: none.</param>
    public static void Check(string path, IReadOnlyList<DeclaredTensor> tensors, long dataStart, long dataLength, Func<string, bool>? skipped = null)
    {
        foreach (var t in tensors) CheckOne(path, t, dataLength, skipped?.Invoke(t.Name) == true);
        long next = 0;
        DeclaredTensor? previous = null;
        foreach (var t in tensors.OrderBy(t => t.Begin).ThenBy(t => t.End))
        {
            if (t.Begin < next)
                throw SafeTensors.Invalid(path, $"tensor '{t.Name}' (data_offsets [{t.Begin}, {t.End}], file offsets {dataStart + t.Begin}..{dataStart + t.End}) " +
                    $"overlaps tensor '{previous!.Name}' (data_offsets [{previous.Begin}, {previous.End}]); expected every byte of the data area to belong to one tensor");
            if (t.Begin > next)
                throw SafeTensors.Invalid(path, $"the data area has a gap of {t.Begin - next} bytes at file offsets {dataStart + next}..{dataStart + t.Begin}, " +
                    $"{After(previous)} and before tensor '{t.Name}'; expected the tensors to cover the data area without gaps");
            (next, previous) = (t.End, t);
        }
        if (next != dataLength)
            throw SafeTensors.Invalid(path, $"the file has {dataLength - next} bytes at file offsets {dataStart + next}..{dataStart + dataLength} " +
                $"that no tensor holds ({After(previous)}); expected it to end at file offset {dataStart + next}");
    }

    private static void CheckOne(string path, DeclaredTensor t, long dataLength, bool skipped)
    {
        string where = $"tensor '{t.Name}' at file offset {t.EntryOffset}";
        int elementBytes = F32Bytes;
        if (skipped && !SkippableBytes.TryGetValue(t.DType, out elementBytes))
            throw SafeTensors.Invalid(path, $"{where} has dtype {t.DType}; expected one of {string.Join(", ", SkippableBytes.Keys)}");
        if (!skipped && t.DType != F32) throw SafeTensors.Invalid(path, $"{where} has dtype {t.DType}; only {F32} is supported");
        if (t.End < t.Begin)
            throw SafeTensors.Invalid(path, $"{where} has data_offsets [{t.Begin}, {t.End}] that run backwards; expected begin ≤ end");
        long elements = ElementCount(t.Shape);
        if (elements > Array.MaxLength)
            throw SafeTensors.Invalid(path, $"{where} has shape ({Dims(t.Shape)}) of more than {Array.MaxLength} elements; expected at most {Array.MaxLength} (one array)");
        if (t.End - t.Begin != elements * elementBytes)
            throw SafeTensors.Invalid(path, $"{where} of shape ({Dims(t.Shape)}) and dtype {t.DType} needs {elements * elementBytes} bytes " +
                $"but its data_offsets [{t.Begin}, {t.End}] span {t.End - t.Begin}");
        if (t.End > dataLength)
            throw SafeTensors.Invalid(path, $"{where} has data_offsets [{t.Begin}, {t.End}] past the end of the {dataLength}-byte data area " +
                "(truncated, or the offsets are wrong); expected them within the data area");
    }

    /// <summary>
    /// The product of the dimensions, or <see cref="long.MaxValue"/> once it passes <see cref="Array.MaxLength"/>
    /// (each dimension is at most <see cref="int.MaxValue"/>, so the product never overflows before that).
    /// </summary>
    public static long ElementCount(int[] shape)
    {
        if (shape.Contains(0)) return 0;
        long count = 1;
        foreach (int d in shape)
        {
            count = checked(count * d);
            if (count > Array.MaxLength) return long.MaxValue;
        }
        return count;
    }

    private static string After(DeclaredTensor? previous) =>
        previous is null ? "at the start of the data area" : $"after tensor '{previous.Name}' (data_offsets [{previous.Begin}, {previous.End}])";

    private static string Dims(int[] shape) => string.Join(", ", shape);
}
