namespace KernelGen.Graph;

public sealed partial class CompiledGraph
{
    private CapturedWork? _captured;
    private (bool Training, int Bindings, Optimizer?[] Optimizers) _capturedWith;
    private IReadOnlyList<LaunchRecord>? _captureProbe;
    private bool _repeats;
    private int _bindingsVersion;
    private (CaptureBlocker Kind, ParameterGroup? Group) _refused;

    private enum CaptureBlocker { None, Backend, CheckFinite, ParameterAverage, HostSchedule }

    /// <summary>
    /// Whether <see cref="Step"/> now replays a captured step (<see cref="CompileOptions.CaptureSteps"/>): a CUDA Graph on
    /// CUDA, pre-bound kernels on OpenCL.
    /// </summary>
    public bool StepIsCaptured => _captured is not null;

    /// <summary>Why steps are not captured although <see cref="CompileOptions.CaptureSteps"/> asks for it (null when they are, or not asked).</summary>
    public string? CaptureRefusal { get; private set; }

    /// <summary>
    /// The step with capture: replays the captured step while nothing it froze has changed; otherwise runs the step,
    /// and once two steps have launched the same kernels with the same arguments, captures the next and replays it.
    /// </summary>
    private void CapturedStep()
    {
        if (_captured is { } work)
        {
            if (CapturedStateHolds())
            {
                work.Replay(_ctx.Stream);
                FlopsRun += ForwardFlops + BackwardFlops;
                foreach (var g in _trainable)
                    if (g.Optimizer is not null && g.Length > 0) g.Steps++;
                Steps++;
                return;
            }
            DropCapture(); // something the capture froze changed: run, compare and capture again
        }
        var blocker = Blocker();
        if (blocker != _refused) (_refused, CaptureRefusal) = (blocker, Describe(blocker)); // formatted once, not per step
        if (blocker.Kind != CaptureBlocker.None || Accelerator.IsRecording)
        {
            RunStep();
            return;
        }
        if (!_repeats)
        {
            // Capture only a step that repeats: two steps recorded, compared launch by launch, arguments included.
            using var recording = Accelerator.RecordLaunches();
            RunStep();
            var previous = _captureProbe;
            _captureProbe = recording.Launches.ToArray();
            _repeats = previous is not null && previous.SequenceEqual(_captureProbe);
            return;
        }
        var snapshot = CaptureState();
        var captured = Accelerator.Capture(_ctx.Stream, RunStep);
        if (captured is null)
        {
            RunStep();
            return;
        }
        _captured = captured;
        _capturedWith = snapshot;
        _captureProbe = null;
        _repeats = false;
        captured.Replay(_ctx.Stream); // capturing ran nothing: this step runs now
    }

    private void RunStep()
    {
        Forward();
        Backward();
        Update();
    }

    /// <summary>What keeps this graph's step from being captured as configured (and the group concerned), if anything.</summary>
    private (CaptureBlocker Kind, ParameterGroup? Group) Blocker()
    {
        if (_finiteFlags is not null) return (CaptureBlocker.CheckFinite, null);
        foreach (var g in _trainable)
        {
            if (g.Optimizer is not { } opt) continue;
            if (opt.ParameterAverage is not null) return (CaptureBlocker.ParameterAverage, g);
            if (opt.Schedule is { } schedule && (schedule.OnDevice is null || !opt.UsesDeviceStep)) return (CaptureBlocker.HostSchedule, g);
        }
        return Accelerator.CanCapture ? (CaptureBlocker.None, null) : (CaptureBlocker.Backend, null);
    }

    private string? Describe((CaptureBlocker Kind, ParameterGroup? Group) blocker) => blocker.Kind switch
    {
        CaptureBlocker.None => null,
        CaptureBlocker.Backend => $"{Accelerator.Device.Backend} runs its work as it is enqueued; there is nothing to capture",
        CaptureBlocker.CheckFinite => "CheckFinite reads the device after every node",
        CaptureBlocker.ParameterAverage => $"group '{blocker.Group!.Name}' keeps a parameter average whose decay the host passes at each step",
        _ => $"group '{blocker.Group!.Name}''s learning-rate schedule is evaluated on the host " +
             $"({blocker.Group.Optimizer!.GetType().Name} with {blocker.Group.Optimizer.Schedule!.GetType().Name})",
    };

    private (bool, int, Optimizer?[]) CaptureState() => (Training, _bindingsVersion, _trainable.Select(g => g.Optimizer).ToArray());

    private bool CapturedStateHolds()
    {
        var (training, bindings, optimizers) = _capturedWith;
        if (training != Training || bindings != _bindingsVersion) return false;
        for (int i = 0; i < _trainable.Length; i++)
            if (!ReferenceEquals(_trainable[i].Optimizer, optimizers[i])) return false;
        return Blocker().Kind == CaptureBlocker.None;
    }

    private void DropCapture()
    {
        _captured?.Dispose();
        _captured = null;
        _captureProbe = null;
        _repeats = false;
    }
}
