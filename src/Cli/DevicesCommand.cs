using System.CommandLine;
using KernelGen.ILGPU;
using Spectre.Console;

namespace KernelGen.Cli;

/// <summary><c>kernelgen devices</c>: every accelerator found and, for each backend absent, why; then ILGPU's accelerators (see docs/ilgpu.md).</summary>
internal static class DevicesCommand
{
    public static Command Create()
    {
        var command = new Command("devices", "List every accelerator found, and why any backend is absent.");
        command.SetAction(_ =>
        {
            using var context = Context.Create();
            Print(context);
            return 0;
        });
        return command;
    }

    public static void Print(Context context)
    {
        var table = new Table().Title("Devices").AddColumns("id", "name", "memory", "compute units", "max group", "shared/group", "peak FP32 (est.)", "driver");
        foreach (var d in context.Devices)
            table.AddRow(d.Id, Markup.Escape(d.Name), $"{d.MemoryBytes / (1024.0 * 1024 * 1024):F1} GiB", d.ComputeUnits.ToString(),
                d.MaxGroupSize.ToString(), $"{d.SharedMemoryBytes / 1024} KiB", d.PeakGflops is { } p ? $"{p:F0} GFLOP/s" : "unknown",
                Markup.Escape(d.DriverVersion));
        AnsiConsole.Write(table);
        var backends = new Table().Title("Backends").AddColumns("backend", "status", "detail");
        foreach (var b in context.Backends)
            backends.AddRow(b.Backend.ToString(), b.Available ? "[green]available[/]" : "[yellow]absent[/]", Markup.Escape(b.Detail));
        AnsiConsole.Write(backends);
        PrintIlgpu(IlgpuDevices.List());
    }

    /// <summary>The "ILGPU accelerators" table: each ILGPU accelerator, or each kind missing or refused with why.</summary>
    private static void PrintIlgpu(IReadOnlyList<IlgpuListing> devices)
    {
        var table = new Table().Title("ILGPU accelerators").AddColumns("id", "name", "memory", "status", "detail");
        foreach (var d in devices)
            table.AddRow(d.Id, Markup.Escape(d.Name), d.MemoryBytes is { } m ? $"{m / (1024.0 * 1024 * 1024):F1} GiB" : d.Available ? "host" : "",
                d.Available ? "[green]available[/]" : "[yellow]unavailable[/]", Markup.Escape(d.Detail));
        AnsiConsole.Write(table);
    }
}
