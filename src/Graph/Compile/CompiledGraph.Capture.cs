namespace KernelGen.Graph;

public sealed partial class CompiledGraph
{
    private CapturedWork? _captured;
    private (bool Training, int Bindings, Optimizer?[] Optimizers) _capturedWith;
    private IReadOnlyList<LaunchRecord>? _captureProbe;
    private bool _repeats;
    private int _bindingsVersion;

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
                foreach (var g in _trainable)
                    if (g.Optimizer is not null && g.Length > 0) g.Steps++;
                Steps++;
                return;
            }
            DropCapture(); // something the capture froze changed: run, compare and capture again
        }
        CaptureRefusal = Eligibility() ?? (Accelerator.CanCapture ? null : $"{Accelerator.Device.Backend} runs its work as it is enqueued; there is nothing to capture");
        if (CaptureRefusal is not null || Accelerator.IsRecording)
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
        CaptureRefusal = null;
        captured.Replay(_ctx.Stream); // capturing ran nothing: this step runs now
    }

    private void RunStep()
    {
        Forward();
        Backward();
        Update();
    }

    /// <summary>Why this graph's step cannot be captured as configured, or null.</summary>
    private string? Eligibility()
    {
        if (_finiteFlags is not null) return "CheckFinite reads the device after every node";
        foreach (var g in _trainable)
        {
            if (g.Optimizer is not { } opt) continue;
            if (opt.ParameterAverage is not null) return $"group '{g.Name}' keeps a parameter average whose decay the host passes at each step";
            if (opt.Schedule is { } schedule && (schedule.OnDevice is null || !opt.UsesDeviceStep))
                return $"group '{g.Name}''s learning-rate schedule is evaluated on the host ({opt.GetType().Name} with {schedule.GetType().Name})";
        }
        return null;
    }

    private (bool, int, Optimizer?[]) CaptureState() => (Training, _bindingsVersion, _trainable.Select(g => g.Optimizer).ToArray());

    private bool CapturedStateHolds()
    {
        var (training, bindings, optimizers) = _capturedWith;
        if (training != Training || bindings != _bindingsVersion) return false;
        for (int i = 0; i < _trainable.Length; i++)
            if (!ReferenceEquals(_trainable[i].Optimizer, optimizers[i])) return false;
        return Eligibility() is null;
    }

    private void DropCapture()
    {
        _captured?.Dispose();
        _captured = null;
        _captureProbe = null;
        _repeats = false;
    }
}
