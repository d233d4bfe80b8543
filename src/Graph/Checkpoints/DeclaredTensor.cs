namespace KernelGen.Graph.Checkpoints;

/// <summary>A tensor as its safetensors header entry declares it, before the declaration is checked against the data.</summary>
/// <param name="Name">The tensor's key in the header.</param>
/// <param name="EntryOffset">File offset of the key, for error messages.</param>
/// <param name="DType">The declared dtype, e.g. <c>F32</c>.</param>
/// <param name="Shape">The declared dimensions, each in 0..<see cref="int.MaxValue"/>.</param>
/// <param name="Begin">First byte, relative to the data area (non-negative).</param>
/// <param name="End">One past the last byte, relative to the data area (non-negative; not yet checked against <paramref name="Begin"/>).</param>
internal sealed record DeclaredTensor(string Name, long EntryOffset, string DType, int[] Shape, long Begin, long End);
