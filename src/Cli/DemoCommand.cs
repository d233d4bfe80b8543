using System.CommandLine;
using System.Diagnostics;
using KernelGen.Kernels;
using Spectre.Console;

namespace KernelGen.Cli;

/// <summary>
/// <c>kernelgen demo</c>: lists the devices, then runs the proving kernels on each one and checks every
/// result against a double-precision reference computed on the host.
/// </summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var size = NumberOption.Integer("--gemm-size", 1, 8192, 512, "Side of the square GEMM to time.");
        var command = new Command("demo", "List the devices, then run and check the proving kernels on each.") { size };
        command.SetAction(result =>
        {
            int n = result.GetValue(size);
            using var context = Context.Create();
            DevicesCommand.Print(context);
            var table = new Table().Title("Demo: proving kernels on every device").AddColumns("device", "kernel", "time", "throughput", "max error", "check");
            bool allOk = true;
            foreach (var device in context.Devices)
            {
                try
                {
                    using var acc = device.CreateAccelerator();
                    foreach (var row in Run(acc, n))
                    {
                        allOk &= row.Ok;
                        table.AddRow(device.Id, row.Kernel, $"{row.Ms:F3} ms", row.Throughput, $"{row.MaxError:E1}", row.Ok ? "[green]ok[/]" : "[red]MISMATCH[/]");
                    }
                }
                catch (AcceleratorException e)
                {
                    allOk = false;
                    table.AddRow(device.Id, "-", "-", "-", "-", $"[red]{Markup.Escape(e.Message)}[/]");
                }
            }
            AnsiConsole.Write(table);
            return allOk ? 0 : 1;
        });
        return command;
    }

    private sealed record Row(string Kernel, double Ms, string Throughput, double MaxError, bool Ok);

    private static IEnumerable<Row> Run(Accelerator acc, int n)
    {
        var stream = acc.DefaultStream;
        var rng = new Random(1);
        int count = 1 << 20;
        var x = Enumerable.Range(0, count).Select(_ => (float)(rng.NextDouble() * 8 - 4)).ToArray();
        using var xb = acc.Allocate<float>(x, "x");
        using var yb = acc.Allocate<float>(count, "y");
        var sw = Stopwatch.StartNew();
        stream.Launch(ActivationKernels.SigmoidKernel, count, xb, yb);
        var y = yb.ToArray();
        double ms = sw.Elapsed.TotalMilliseconds;
        double err = x.Select((v, i) => Math.Abs(y[i] - 1 / (1 + Math.Exp(-v)))).Max();
        yield return new Row("sigmoid 1M (incl. compile)", ms, $"{count * 8 / ms / 1e6:F2} GB/s", err, err < 1e-6);

        using var sum = acc.Allocate<float>(1, "sum");
        using var scratch = acc.Allocate<float>(Reduce.PartialCount(count), "scratch");
        Reduce.Sum(stream, xb, sum, scratch);
        stream.Synchronize();
        var start = stream.RecordEvent();
        Reduce.Sum(stream, xb, sum, scratch);
        var end = stream.RecordEvent();
        ms = end.ElapsedMillisecondsSince(start);
        double expected = x.Sum(v => (double)v);
        err = Math.Abs(sum.ToArray()[0] - expected);
        yield return new Row("sum 1M", ms, $"{count * 4 / ms / 1e6:F2} GB/s", err, err <= 1e-6 * x.Sum(v => Math.Abs((double)v)));

        var a = Enumerable.Range(0, n * n).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        var b = Enumerable.Range(0, n * n).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        using var ab = acc.Allocate<float>(a, "A");
        using var bb = acc.Allocate<float>(b, "B");
        using var cb = acc.Allocate<float>(n * n, "C");
        Blas.Gemm(stream, false, false, n, n, n, 1f, ab, n, bb, n, 0f, cb, n);
        stream.Synchronize();
        start = stream.RecordEvent();
        Blas.Gemm(stream, false, false, n, n, n, 1f, ab, n, bb, n, 0f, cb, n);
        end = stream.RecordEvent();
        ms = end.ElapsedMillisecondsSince(start);
        var c = cb.ToArray();
        err = 0;
        for (int probe = 0; probe < 64; probe++)
        {
            int i = rng.Next(n), j = rng.Next(n);
            double reference = 0;
            for (int p = 0; p < n; p++) reference += (double)a[i * n + p] * b[p * n + j];
            err = Math.Max(err, Math.Abs(c[i * n + j] - reference));
        }
        yield return new Row($"gemm {n}³", ms, $"{2.0 * n * n * n / ms / 1e6:F1} GFLOP/s", err, err <= 1e-5 * n);
    }
}
