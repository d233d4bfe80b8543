namespace KernelGen.Models.Training;

/// <summary>
/// What one training step of a model does after warm-up, as the runtime counts it: launches, fills, copies each way,
/// host waits, buffers allocated, kernels compiled, KernelGen's file-system calls and managed bytes allocated on every
/// thread (issue 14's targets: all but launches, fills and one upload are 0).
/// </summary>
/// <param name="Launches">Kernel launches per step (see <see cref="LaunchesRepeat"/>).</param>
/// <param name="Fills">Buffer fills per step.</param>
/// <param name="Uploads">Host-to-device copies per step.</param>
/// <param name="Downloads">Device-to-host copies per step.</param>
/// <param name="DeviceCopies">Device-to-device copies per step.</param>
/// <param name="HostWaits">Host waits per step.</param>
/// <param name="Allocations">Buffers allocated per step.</param>
/// <param name="Compilations">Kernels compiled per step.</param>
/// <param name="FileSystemCalls">KernelGen's file-system calls per step.</param>
/// <param name="ManagedBytes">Managed bytes allocated per step, all threads (the quietest of three windows).</param>
/// <param name="LaunchesRepeat">Whether every measured step launched as many kernels as the first.</param>
/// <param name="StagingWaits">
/// Uploads per step that waited for a staging buffer (the host two batches ahead of the device): back-pressure, not a
/// synchronization; 0 when the host is not ahead.
/// </param>
public sealed record StepCounts(double Launches, double Fills, double Uploads, double Downloads, double DeviceCopies, double HostWaits,
    double Allocations, double Compilations, double FileSystemCalls, double ManagedBytes, bool LaunchesRepeat, double StagingWaits = 0)
{
    /// <summary>
    /// Warms <paramref name="model"/> (built) up with <paramref name="warmup"/> steps on the batch, then counts
    /// <paramref name="steps"/> steps. A real allocation in the step shows in every window of steps; the runtime's own
    /// (tiered compilation, other threads) only in some, so the managed bytes are those of the quietest of three windows.
    /// </summary>
    public static StepCounts Measure(GenerativeModel model, float[] images, int[] labels, int warmup = 3, int steps = 4)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        var acc = model.Accelerator;
        for (int i = 0; i < warmup; i++) model.TrainStep(images, labels);
        acc.Synchronize();
        var perStep = new long[steps];
        bool repeat = true;
        var start = acc.Counters;
        long files = FileSystemCounter.Calls, managed = long.MaxValue;
        int windows = 0;
        for (; windows < 3 && managed > 0; windows++)
        {
            long bytes = GC.GetTotalAllocatedBytes(precise: true);
            for (int i = 0; i < steps; i++)
            {
                long before = acc.Counters.Launches;
                model.TrainStep(images, labels);
                perStep[i] = acc.Counters.Launches - before;
            }
            managed = Math.Min(managed, GC.GetTotalAllocatedBytes(precise: true) - bytes);
            repeat &= perStep.All(n => n == perStep[0]);
        }
        var d = acc.Counters - start;
        double n = (double)windows * steps;
        files = FileSystemCounter.Calls - files;
        acc.Synchronize();
        return new StepCounts(d.Launches / n, d.Fills / n, d.Uploads / n, d.Downloads / n, d.DeviceCopies / n, d.HostWaits / n,
            d.Allocations / n, d.CompiledKernels / n, files / n, (double)managed / steps, repeat, d.StagingWaits / n);
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"{Launches:0.#} launches, {Fills:0.#} fills, {Uploads:0.#} uploads, {Downloads:0.#} downloads, {DeviceCopies:0.#} device copies, " +
        $"{HostWaits:0.#} waits, {StagingWaits:0.##} back-pressure waits, {Allocations:0.#} allocations, {Compilations:0.#} compilations, {FileSystemCalls:0.#} file-system calls, " +
        $"{ManagedBytes:0.#} managed bytes per step{(LaunchesRepeat ? "" : " (launches vary between steps)")}";
}
