namespace KernelGen.Models.Data;

/// <summary>Images read from an IDX file: <see cref="Count"/> images of <see cref="Rows"/> × <see cref="Cols"/>
/// pixels, stored row-major one after another as floats in [0, 1] (the byte divided by 255).</summary>
/// <param name="Pixels">The pixels, length <c>Count · Rows · Cols</c>.</param>
/// <param name="Count">Number of images.</param>
/// <param name="Rows">Height of each image.</param>
/// <param name="Cols">Width of each image.</param>
public sealed record IdxImages(float[] Pixels, int Count, int Rows, int Cols);
