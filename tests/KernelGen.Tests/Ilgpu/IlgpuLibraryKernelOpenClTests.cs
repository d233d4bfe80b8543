using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;
using KernelGen.Runtime.OpenCL;
using KernelGen.Tests.Runtime;
using KernelGen.Tests.Support;
using static KernelGen.Runtime.OpenCL.ClNative;

namespace KernelGen.Tests.Ilgpu;

using global::ILGPU.Backends.OpenCL;
using global::ILGPU.Runtime;
using global::ILGPU.Runtime.OpenCL;

/// <summary>
/// Every kernel of the library, in its ILGPU build, compiles to OpenCL C with ILGPU's OpenCL backend (<see cref="CLBackend"/>)
/// built standalone for an OpenCL 2.0 GPU without fp64, with no OpenCL device; the text is then compiled by clang-15 as
/// OpenCL C 2.0 without cl_khr_fp64, which fails on any call to a function nothing declares (what ILGPU leaves for a
/// .NET method it has no OpenCL implementation of, e.g. <c>FusedMultiplyAdd (…)</c>).
/// </summary>
public sealed partial class IlgpuLibraryKernelOpenClTests
{
    private const string Clang = "clang-15";

    /// <summary>clang-15 as an OpenCL C 2.0 compiler of a device without fp64: declares the builtins, rejects <c>double</c> and undeclared calls.</summary>
    private static readonly string[] ClangOptions = ["-x", "cl", "-cl-std=CL2.0", "-Xclang", "-cl-ext=-cl_khr_fp64", "-fsyntax-only", "-Werror=implicit-function-declaration"];

    private static readonly ConcurrentDictionary<string, (string Entry, string Source)> Sources = new();

    /// <summary>
    /// OpenCL C 2.0 on a GPU that has the generic address space (ILGPU's OpenCL backend requires it) and neither fp64 nor
    /// fp16, 64-bit atomics or subgroups: KernelGen's own OpenCL path targets devices without fp64, so a library kernel
    /// using <c>double</c> fails here (ILGPU throws "Float64 (double) type is not supported on this device").
    /// </summary>
    private static CLBackend CreateBackend(global::ILGPU.Context context) => new(
        context,
        new CLCapabilityContext(float16: false, float64: false, genericAddressSpace: true, int64_Atomics: false, subGroups: false),
        CLDeviceVendor.Other,
        new CLCVersion(2, 0));

    private static (string Entry, string Source) Compile(global::ILGPU.Backends.EntryPoints.EntryPointDescription entry)
    {
        using var context = IlgpuLibraryKernels.CreateContext();
        using var backend = CreateBackend(context);
        var compiled = (CLCompiledKernel)backend.Compile(entry, KernelSpecialization.Empty);
        return (compiled.Name, compiled.Source);
    }

    private static (string Entry, string Source) Compile(KernelDefinition kernel) =>
        Sources.GetOrAdd(kernel.Name, _ => Compile(IlgpuLibraryKernels.EntryPoint(kernel)));

    [TestCaseSource(typeof(IlgpuLibraryKernels), nameof(IlgpuLibraryKernels.Cases))]
    public void CompilesToOpenClC(KernelDefinition kernel)
    {
        var (entry, source) = Compile(kernel);
        Assert.That(source, Does.Match($@"\bkernel\s+void\s+{Regex.Escape(entry)}\s*\("), "the entry point");
        Assert.That(UnresolvedCalls(source), Is.Empty, $"calls ILGPU left to .NET methods it has no OpenCL implementation of in {kernel.Name}");
        Assert.That(source, Does.Not.Contain("double"), "no fp64");
        if (kernel.Shape == KernelShape.Grouped && kernel.Name.StartsWith("GemmKernels.Tile", StringComparison.Ordinal))
            Assert.That(Barrier().IsMatch(source), "the tiled GEMM keeps its barriers");
    }

    [TestCaseSource(typeof(IlgpuLibraryKernels), nameof(IlgpuLibraryKernels.Cases))]
    public void ItsOpenClCCompilesWithClang(KernelDefinition kernel)
    {
        RequireClang();
        var (exit, log) = ClangCompile(kernel.Name, Compile(kernel).Source);
        Assert.That(exit, Is.Zero, $"clang-15 {string.Join(' ', ClangOptions)} on ILGPU's OpenCL C of {kernel.Name}:\n{log}");
    }

    /// <summary>
    /// The checks catch what ILGPU 1.5.3 cannot translate: <c>MathF.FusedMultiplyAdd</c> and <c>MathF.Log2</c> stay calls of
    /// undeclared <c>FusedMultiplyAdd</c> and <c>Log2</c> in its OpenCL C (as they stay unresolved externs in its PTX).
    /// </summary>
    [Test]
    public void TheChecksCatchAnUnresolvedCall()
    {
        var (_, source) = Compile(IlgpuLibraryKernels.EntryPoint(typeof(IlgpuLibraryKernelOpenClTests).GetMethod(nameof(UnresolvedMath))!, grouped: false));
        Assert.That(UnresolvedCalls(source), Is.EquivalentTo(new[] { "FusedMultiplyAdd", "Log2" }));
        RequireClang();
        var (exit, log) = ClangCompile(nameof(UnresolvedMath), source);
        Assert.That(exit, Is.Not.Zero);
        Assert.That(log, Does.Contain("undeclared identifier 'FusedMultiplyAdd'").And.Contain("undeclared identifier 'Log2'"));
    }

    /// <summary>fp64 is really off: a kernel computing in <c>double</c> does not compile for the backend of <see cref="CreateBackend"/>.</summary>
    [Test]
    public void TheBackendRefusesDouble()
    {
        var entry = IlgpuLibraryKernels.EntryPoint(typeof(IlgpuLibraryKernelOpenClTests).GetMethod(nameof(DoubleMath))!, grouped: false);
        var error = Assert.Catch(() => Compile(entry))!;
        Assert.That(error.ToString(), Does.Contain("Float64 (double) type is not supported"));
    }

    /// <summary>
    /// PoCL, when present, builds every kernel's OpenCL C as OpenCL C 3.0 (PoCL 3.1's CPU device has no generic address
    /// space, which ILGPU's accelerator refuses, but the generated text names an address space on every pointer).
    /// </summary>
    [Test]
    public unsafe void PoclBuildsEveryKernel()
    {
        var device = TestDevices.Context.Devices.OfType<OpenCLDevice>().FirstOrDefault();
        if (device is null) Assert.Ignore("no OpenCL device: " + TestDevices.Context.Backends.First(b => b.Backend == Backend.OpenCL).Detail);
        var properties = stackalloc nint[3] { CL_CONTEXT_PLATFORM, device!.PlatformId, 0 };
        var id = device.DeviceId;
        int err;
        var clContext = clCreateContext(properties, 1, &id, 0, 0, &err);
        ClError.Check(err, "clCreateContext", device.Name);
        var failures = new List<string>();
        var kernels = IlgpuLibraryKernels.Cases().Select(c => (KernelDefinition)c.Arguments[0]!).ToList();
        try
        {
            foreach (var kernel in kernels)
            {
                var (entry, source) = Compile(kernel);
                if (Build(clContext, id, source, entry) is { } log) failures.Add($"{kernel.Name}:\n{log}");
            }
        }
        finally
        {
            clReleaseContext(clContext);
        }
        TestContext.Progress.WriteLine($"{device.Name} ({device.DriverVersion}) built ILGPU's OpenCL C of {kernels.Count - failures.Count} of {kernels.Count} library kernels");
        Assert.That(failures, Is.Empty, string.Join("\n\n", failures.Take(5)));
    }

    /// <summary>Builds <paramref name="source"/> with <c>-cl-std=CL3.0</c> and creates its kernel <paramref name="entry"/>; the build log on failure, null on success.</summary>
    private static unsafe string? Build(nint clContext, nint device, string source, string entry)
    {
        var program = OpenCLCompiler.CreateProgram(clContext, source, $"building {entry}");
        int err;
        try
        {
            var options = Encoding.ASCII.GetBytes("-cl-std=CL3.0\0");
            fixed (byte* o = options)
                err = clBuildProgram(program, 1, &device, o, 0, 0);
            if (err != CL_SUCCESS) return $"clBuildProgram: {err}\n{ClInfo.BuildLog(program, device)}";
            var name = Encoding.UTF8.GetBytes(entry + "\0");
            nint kernel;
            fixed (byte* n = name)
                kernel = clCreateKernel(program, n, &err);
            if (err != CL_SUCCESS) return $"clCreateKernel({entry}): {err}";
            clReleaseKernel(kernel);
            return null;
        }
        finally
        {
            clReleaseProgram(program);
        }
    }

    private static void RequireClang()
    {
        if (CudaSourceCompileTests.Run(Clang, ["--version"]).Exit != 0)
            Assert.Ignore($"{Clang} is not installed (apt-get install clang-15); it compiles ILGPU's OpenCL C without an OpenCL device");
    }

    private static (int Exit, string Log) ClangCompile(string name, string source)
    {
        var file = Path.Combine(Path.GetTempPath(), $"kernelgen-ilgpu-{name}-{Guid.NewGuid():N}.cl");
        File.WriteAllText(file, source);
        try
        {
            return CudaSourceCompileTests.Run(Clang, [.. ClangOptions, file]);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>
    /// Calls of functions the source neither declares nor gets from OpenCL C: ILGPU writes a .NET method it cannot
    /// translate as a call by its .NET name (<c>Log2 (x)</c>), and OpenCL C's builtins and ILGPU's own names are lower case.
    /// </summary>
    private static string[] UnresolvedCalls(string source)
    {
        var defined = FunctionDefinition().Matches(source).Select(m => m.Groups[1].Value).ToHashSet();
        return [.. CapitalizedCall().Matches(source).Select(m => m.Groups[1].Value).Where(name => !defined.Contains(name)).Distinct()];
    }

    [GeneratedRegex(@"(?<![\w.])([A-Z]\w*)\s*\(")]
    private static partial Regex CapitalizedCall();

    /// <summary>A function's declaration or definition at the start of a line: <c>kernel void Kernel_Scale(</c>, <c>float f(</c>.</summary>
    [GeneratedRegex(@"^[ \t]*(?:kernel[ \t]+)?\w+[ \t*]+(\w+)[ \t]*\(", RegexOptions.Multiline)]
    private static partial Regex FunctionDefinition();

    /// <summary>A work-group barrier: <c>barrier(…)</c> (OpenCL C 1.2) or <c>work_group_barrier(…)</c> (2.0, what ILGPU writes).</summary>
    [GeneratedRegex(@"\b(work_group_)?barrier\s*\(")]
    private static partial Regex Barrier();

    public static void UnresolvedMath(global::ILGPU.Index1D i, global::ILGPU.ArrayView<float> data) =>
        data[i] = MathF.FusedMultiplyAdd(data[i], 2f, 1f) + MathF.Log2(data[i]);

    public static void DoubleMath(global::ILGPU.Index1D i, global::ILGPU.ArrayView<float> data) =>
        data[i] = (float)Math.Sqrt(data[i] * 1.5);
}
