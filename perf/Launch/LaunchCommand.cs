using System.Diagnostics;
using KernelGen.Kernels;
using KernelGen.Runtime.Cpu;

namespace KernelGen.Perf.Launch;

/// <summary>
/// <c>perf launch [--loops N]</c>: what the CPU backend costs between launches, on this host. An empty loop split
/// across the pool back to back (the hand-over between two launches of a step), the same after the caller worked
/// alone for a while (the worker has to be woken), and a kernel launch through a stream, serial and split.
/// </summary>
public static class LaunchCommand
{
    /// <summary>The command's usage line.</summary>
    public const string Usage = "usage: KernelGen.Perf launch [--loops N] [--spin MICROSECONDS]";

    private struct Empty : ICpuRangeBody
    {
        public readonly void Run(int start, int end) { }
    }

    /// <summary>Runs <c>perf launch</c> with the arguments after <c>launch</c>; returns the exit code.</summary>
    public static int Run(string[] args)
    {
        var given = new PerfArgs("launch", args, ["--loops", "--spin"], []);
        if (given.Help)
        {
            Console.WriteLine(Usage);
            return 0;
        }
        int loops = (int)given.Integer("--loops", 20000);
        var pool = CpuThreadPool.Shared;
        if (given.Has("--spin")) pool.SpinMicroseconds = given.Integer("--spin", 0, min: 0);
        Console.WriteLine($"launch overhead on cpu: {CpuHost.Current.Describe()}, pool of {pool.ThreadCount} threads (caller included), " +
                          $"workers poll {pool.SpinMicroseconds:F0} µs before blocking; {DateTime.UtcNow:yyyy-MM-dd}");
        int chunks = pool.ThreadCount * 4;

        Report("empty split loop, back to back", loops, () => pool.For(chunks, new Empty()));
        foreach (double idle in new[] { 100.0, 2000.0 })
            Report($"empty split loop after {idle:F0} µs of caller-only work", Math.Max(200, loops / 20),
                () => pool.For(chunks, new Empty()), () => BusyWait(idle));

        using var context = Context.Create();
        using var acc = context.GetDevice("cpu").CreateAccelerator();
        var stream = acc.DefaultStream;
        using var x = acc.Allocate<float>(1 << 16, "x");
        using var y = acc.Allocate<float>(1 << 16, "y");
        Report("kernel launch, 1 element (serial)", loops, () => stream.Launch(ElementwiseKernels.ScaleKernel, 1, 2f, x.View, y.View));
        int split = CpuLaunch.Grain * pool.ThreadCount * 4;
        var xv = x.View; var yv = y.View;
        double serialWork = TimeUs(loops / 10, k => ElementwiseKernels.Scale(new Index1D(k), 2f, xv, yv), split);
        Report($"kernel launch, {split} elements (split)", loops / 10,
            () => stream.Launch(ElementwiseKernels.ScaleKernel, split, 2f, x.View.SubView(0, split), y.View.SubView(0, split)));
        Console.WriteLine($"  (the {split}-element scale itself: {serialWork:F2} µs on one thread, so {serialWork / pool.ThreadCount:F2} µs split ideally)");
        var (dispatched, woken) = pool.Dispatches;
        Console.WriteLine($"  split loops so far: {dispatched}, of which woke a blocked worker: {woken}");
        return 0;
    }

    private static void Report(string label, int count, Action action, Action? between = null)
    {
        for (int i = 0; i < Math.Min(count, 1000); i++) { between?.Invoke(); action(); }
        var times = new double[count];
        for (int i = 0; i < count; i++)
        {
            between?.Invoke();
            long t0 = Stopwatch.GetTimestamp();
            action();
            times[i] = Stopwatch.GetElapsedTime(t0).TotalMicroseconds;
        }
        Array.Sort(times);
        Console.WriteLine($"  {label,-52} median {times[count / 2],8:F2} µs   p90 {times[count * 9 / 10],8:F2} µs   p99 {times[count * 99 / 100],8:F2} µs");
    }

    private static double TimeUs(int count, Action<int> one, int items)
    {
        var times = new double[count];
        for (int i = 0; i < count; i++)
        {
            long t0 = Stopwatch.GetTimestamp();
            for (int k = 0; k < items; k++) one(k);
            times[i] = Stopwatch.GetElapsedTime(t0).TotalMicroseconds;
        }
        Array.Sort(times);
        return times[count / 2];
    }

    private static void BusyWait(double microseconds)
    {
        long end = Stopwatch.GetTimestamp() + (long)(microseconds * Stopwatch.Frequency / 1e6);
        while (Stopwatch.GetTimestamp() < end) Thread.SpinWait(10);
    }
}
