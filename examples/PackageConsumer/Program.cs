using KernelGen;
using KernelGen.Kernels;

// A kernel of the consumer's own: the packed generator (an analyzer in KernelGen.Kernels) renders it at build time.
using var context = Context.Create(Backend.Cpu);
using var accelerator = context.GetDevice("cpu").CreateAccelerator();
var stream = accelerator.DefaultStream;
float[] x = [-2f, -0.5f, 0f, 1.5f, 3f];
using var xs = accelerator.Allocate<float>(x, "x");
using var ys = accelerator.Allocate<float>(x.Length, "y");
stream.Launch(ConsumerKernels.ScaleShiftKernel, x.Length, xs, ys, 2f, 1f);
var y = ys.ToArray();
// And one of the library's own kernels, compiled into KernelGen.Kernels.dll.
stream.Launch(ActivationKernels.SigmoidKernel, x.Length, xs, ys);
var s = ys.ToArray();
bool ok = x.Select((v, i) => Math.Abs(y[i] - (2 * v + 1)) < 1e-6 && Math.Abs(s[i] - 1 / (1 + Math.Exp(-v))) < 1e-6).All(b => b);
Console.WriteLine($"consumer: scale-shift {string.Join(" ", y)}; sigmoid {string.Join(" ", s.Select(v => v.ToString("F4")))}: {(ok ? "ok" : "MISMATCH")}");
return ok ? 0 : 1;

static partial class ConsumerKernels
{
    [Kernel]
    public static void ScaleShift(Index1D i, ArrayView<float> x, ArrayView<float> y, float scale, float shift)
    {
        y[i] = x[i] * scale + shift;
    }
}
