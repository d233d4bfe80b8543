namespace KernelGen;

/// <summary>Element type of a kernel scalar or view.</summary>
public enum ScalarType
{
    /// <summary>32-bit IEEE float.</summary>
    Float,
    /// <summary>32-bit signed integer.</summary>
    Int,
    /// <summary>32-bit unsigned integer.</summary>
    UInt,
}
