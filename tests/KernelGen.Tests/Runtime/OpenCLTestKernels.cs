namespace KernelGen.Tests.Runtime;

/// <summary>
/// Kernel definitions written by hand the way the source generator will emit them (OpenCL C per the launcher
/// ABI: extent parameters, then base/offset/length per view, one 32-bit value per scalar), so the OpenCL
/// backend can be tested before the generator exists.
/// </summary>
internal static class OpenCLTestKernels
{
    public const string SourceFile = "Tests/HandWrittenKernels.cs";

    private static int[] LineMap(string source, int firstLine) =>
        Enumerable.Range(firstLine, source.Split('\n').Length).ToArray();

    private const string SaxpySource = """
        __kernel void hand_saxpy(const int __extent_x,
            __global float* x_base, const int x_off, const int x_len,
            __global float* y_base, const int y_off, const int y_len,
            const float b)
        {
            int i = get_global_id(0);
            if (i >= __extent_x) return;
            y_base[y_off + i] = 2.0f * x_base[x_off + i] + b;
        }
        """;

    /// <summary>y[i] = 2 x[i] + b (Index1D).</summary>
    public static readonly KernelDefinition Saxpy = new(
        "HandWritten.Saxpy", "hand_saxpy", KernelShape.Index1D,
        [new("x", true, ScalarType.Float), new("y", true, ScalarType.Float), new("b", false, ScalarType.Float)],
        "", SaxpySource, [], LineMap(SaxpySource, 10), SourceFile, 10,
        (in CpuLaunch launch, ReadOnlySpan<KernelArg> args) =>
        {
            var x = args[0].View<float>();
            var y = args[1].View<float>();
            float b = args[2].Float;
            for (int i = 0; i < launch.Extent.X; i++) y[i] = 2f * x[i] + b;
        });

    private const string Scale2DSource = """
        __kernel void hand_scale2d(const int __extent_x, const int __extent_y,
            __global float* a_base, const int a_off, const int a_len,
            __global float* o_base, const int o_off, const int o_len,
            const int width)
        {
            int x = get_global_id(0);
            int y = get_global_id(1);
            if (x >= __extent_x || y >= __extent_y) return;
            o_base[o_off + y * width + x] = a_base[a_off + y * width + x] * 3.0f + (float)y;
        }
        """;

    /// <summary>o[y, x] = 3 a[y, x] + y over a row-major width x height grid (Index2D).</summary>
    public static readonly KernelDefinition Scale2D = new(
        "HandWritten.Scale2D", "hand_scale2d", KernelShape.Index2D,
        [new("a", true, ScalarType.Float), new("o", true, ScalarType.Float), new("width", false, ScalarType.Int)],
        "", Scale2DSource, [], LineMap(Scale2DSource, 30), SourceFile, 30,
        (in CpuLaunch launch, ReadOnlySpan<KernelArg> args) =>
        {
            var a = args[0].View<float>();
            var o = args[1].View<float>();
            int width = args[2].Int;
            for (int y = 0; y < launch.Extent.Y; y++)
                for (int x = 0; x < launch.Extent.X; x++)
                    o[y * width + x] = a[y * width + x] * 3f + y;
        });

    private const string GroupSumSource = """
        __kernel void hand_group_sum(
            __global float* x_base, const int x_off, const int x_len,
            __global float* sums_base, const int sums_off, const int sums_len,
            const int n)
        {
            __local float tile[256];
            int lid = get_local_id(0);
            int gid = get_global_id(0);
            tile[lid] = gid < n ? x_base[x_off + gid] : 0.0f;
            barrier(CLK_LOCAL_MEM_FENCE);
            for (int s = (int)get_local_size(0) / 2; s > 0; s >>= 1)
            {
                if (lid < s) tile[lid] += tile[lid + s];
                barrier(CLK_LOCAL_MEM_FENCE);
            }
            if (lid == 0) sums_base[sums_off + get_group_id(0)] = tile[0];
        }
        """;

    /// <summary>sums[g] = sum of x over group g, through __local memory and barriers (Grouped, group size a power of two up to 256).</summary>
    public static readonly KernelDefinition GroupSum = new(
        "HandWritten.GroupSum", "hand_group_sum", KernelShape.Grouped,
        [new("x", true, ScalarType.Float), new("sums", true, ScalarType.Float), new("n", false, ScalarType.Int)],
        "", GroupSumSource, [], LineMap(GroupSumSource, 50), SourceFile, 50,
        (in CpuLaunch launch, ReadOnlySpan<KernelArg> args) =>
        {
            var x = args[0].View<float>();
            var sums = args[1].View<float>();
            int n = args[2].Int, group = launch.Dims.GroupDim.X;
            for (int g = 0; g < launch.Dims.GridDim.X; g++)
            {
                float s = 0;
                for (int i = g * group; i < Math.Min(n, (g + 1) * group); i++) s += x[i];
                sums[g] = s;
            }
        });

    public const string BrokenSource = """
        __kernel void hand_broken(const int __extent_x, __global float* y_base, const int y_off, const int y_len)
        {
            int i = get_global_id(0);
            y_base[y_off + i] = undeclared_thing * 2.0f;
        }
        """;

    /// <summary>Generated line 4 (C# line 74) uses an undeclared identifier.</summary>
    public static readonly KernelDefinition Broken = new(
        "HandWritten.Broken", "hand_broken", KernelShape.Index1D,
        [new("y", true, ScalarType.Float)],
        "", BrokenSource, [], [70, 71, 72, 74, 75], SourceFile, 70,
        (in CpuLaunch launch, ReadOnlySpan<KernelArg> args) => { });
}
