using System.Diagnostics;

namespace KernelGen.Runtime.Cpu;

/// <summary>An event on the CPU: a timestamp taken when recorded (CPU launches run in order on the caller).</summary>
internal sealed class CpuEvent : AcceleratorEvent
{
    private readonly long _timestamp = Stopwatch.GetTimestamp();

    public override void Synchronize() { }

    public override float ElapsedMillisecondsSince(AcceleratorEvent start) =>
        start is CpuEvent s ? (float)Stopwatch.GetElapsedTime(s._timestamp, _timestamp).TotalMilliseconds
        : throw new ArgumentException("Both events must come from the CPU accelerator.", nameof(start));
}
