namespace KernelGen.Distributed;

/// <summary>Data-parallel training cannot start or go on; the message says why in one line.</summary>
public sealed class DataParallelException(string message) : Exception(message);
