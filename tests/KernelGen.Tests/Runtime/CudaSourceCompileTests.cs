using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using System.Text.RegularExpressions;
using KernelGen.Tests.Generator;

namespace KernelGen.Tests.Runtime;

/// <summary>
/// Every kernel of the library, and the ILGPU-style user kernels of <see cref="Ilgpu.IlgpuUserKernels"/>, as the generator renders it to CUDA C for NVRTC, compiled to PTX for sm_80 by
/// Debian's clang-15 with no CUDA SDK and no GPU: a compile error fails the test with clang's message, and so does
/// a call in the PTX to anything but a libdevice function (__nv_*), which NVRTC links on a GPU.
/// </summary>
public sealed partial class CudaSourceCompileTests
{
    private const string Clang = "clang-15";

    /// <summary>Every <see cref="KernelDefinition"/> the generator emitted into the library.</summary>
    public static IEnumerable<KernelDefinition> LibraryKernels() =>
        typeof(KernelGen.Kernels.Elementwise).Assembly.GetTypes()
            .SelectMany(t => t.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic))
            .Where(f => f.FieldType == typeof(KernelDefinition))
            .Select(f => (KernelDefinition)f.GetValue(null)!)
            .DistinctBy(k => k.EntryPoint + "\n" + k.CudaSource)
            .OrderBy(k => k.Name, StringComparer.Ordinal);

    /// <summary>The generator's definitions of the test project's own ILGPU-style kernels (SAXPY and the shared-memory reduction).</summary>
    public static IEnumerable<KernelDefinition> IlgpuUserKernels() =>
        [Ilgpu.IlgpuUserKernels.SaxpyKernel, Ilgpu.IlgpuUserKernels.GroupSumKernel];

    [Test]
    public void TheLibraryHasKernelsToCompile() => Assert.That(LibraryKernels().Count(), Is.GreaterThan(50));

    [Test]
    public void EveryGeneratedCudaKernelCompilesToPtxWithClang()
    {
        if (Run(Clang, ["--version"]).Exit != 0) Assert.Ignore($"{Clang} is not installed (apt-get install clang-15); it compiles the generated CUDA C without a GPU");
        var prelude = GeneratorTests.FindRepoFile("tests/KernelGen.Tests/Runtime/ClangCudaPrelude.h");
        var dir = Directory.CreateTempSubdirectory("kernelgen-clang-cuda-").FullName;
        var failures = new ConcurrentBag<string>();
        var kernels = LibraryKernels().Concat(IlgpuUserKernels()).ToList();
        try
        {
            Parallel.ForEach(kernels, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, kernel =>
            {
                var name = $"{kernel.Name}-{Guid.NewGuid():N}";
                var cu = Path.Combine(dir, name + ".cu");
                var ptx = Path.Combine(dir, name + ".ptx");
                File.WriteAllText(cu, kernel.CudaSource);
                var (exit, output) = Run(Clang, ["-x", "cuda", "--cuda-device-only", "--cuda-gpu-arch=sm_80", "-nocudainc", "-nocudalib",
                    "-include", prelude, "-O2", "-S", "-Werror=implicit-function-declaration", "-o", ptx, cu]);
                if (exit != 0)
                {
                    failures.Add($"{kernel.Name} ({kernel.SourceFile}:{kernel.SourceLine}):\n{output}");
                    return;
                }
                var unknown = ExternCall().Matches(File.ReadAllText(ptx)).Select(m => m.Groups[1].Value).Where(f => !f.StartsWith("__nv_", StringComparison.Ordinal)).ToList();
                if (unknown.Count > 0) failures.Add($"{kernel.Name}: PTX calls {string.Join(", ", unknown)}, which neither the kernel nor libdevice defines");
            });
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
        TestContext.Progress.WriteLine($"clang-15 compiled {kernels.Count - failures.Count} of {kernels.Count} generated CUDA kernels to PTX (sm_80), the ILGPU-style user kernels among them");
        Assert.That(failures, Is.Empty, string.Join("\n\n", failures.Take(10)));
    }

    [GeneratedRegex(@"\.extern\s+\.func\s+(?:\([^)]*\)\s*)?(\w+)")]
    private static partial Regex ExternCall();

    internal static (int Exit, string Output) Run(string tool, string[] args)
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo(tool, args) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false })!;
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEnd();
            p.WaitForExit();
            return (p.ExitCode, stdout.Result + stderr);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return (-1, $"{tool} not found");
        }
    }
}
