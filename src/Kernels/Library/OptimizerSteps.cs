namespace KernelGen.Kernels;

/// <summary>
/// Host-side optimizer steps over a flat parameter buffer (<see cref="OptimizerKernels"/>). Parameters are
/// updated in place; state views (momentum, Adam moments) must be zeroed by the caller before the first step.
/// Adam's step counter t is a 1-element int view on the device that each step increments before it updates,
/// so a captured step sequence replays with the right bias correction; zero it to (re)start.
/// </summary>
public static class OptimizerSteps
{
    /// <summary>
    /// SGD step (torch.optim.SGD with dampening 0): p −= lr·d with d = g + wd·p, through the momentum buffer
    /// when <paramref name="momentum"/> ≠ 0 (Nesterov's variant optional). <paramref name="momentumBuffer"/>
    /// may be empty when momentum is 0.
    /// </summary>
    public static void Sgd(AcceleratorStream stream, ArrayView<float> parameters, ArrayView<float> grads, ArrayView<float> momentumBuffer,
        float lr, float momentum = 0f, float weightDecay = 0f, bool nesterov = false)
    {
        const string op = "Sgd";
        int n = CheckParams(op, parameters, grads);
        OpChecks.NonNegative(op, nameof(lr), lr);
        OpChecks.NonNegative(op, nameof(momentum), momentum);
        OpChecks.NonNegative(op, nameof(weightDecay), weightDecay);
        if (nesterov && momentum == 0f)
            throw new ArgumentException($"{op}: nesterov needs a positive momentum (got {momentum}).", nameof(nesterov));
        if (momentum != 0f || !momentumBuffer.IsEmpty)
            OpChecks.Length(op, nameof(momentumBuffer), momentumBuffer, n, $"parameters ('{OpChecks.Name(parameters)}', {n} elements)");
        var buf = momentumBuffer.IsEmpty ? parameters : momentumBuffer; // unread when momentum is 0
        stream.Launch(OptimizerKernels.SgdKernel, n, parameters, grads, buf, lr, momentum, weightDecay, nesterov ? 1 : 0);
    }

    /// <summary>
    /// Adam step (torch.optim.Adam: L2 weight decay added to the gradient, bias-corrected, eps added to
    /// √v̂): increments <c>step[0]</c> on the device, then updates parameters and the moments m, v.
    /// </summary>
    public static void Adam(AcceleratorStream stream, ArrayView<float> parameters, ArrayView<float> grads, ArrayView<float> m, ArrayView<float> v,
        ArrayView<int> step, float lr = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f, float eps = 1e-8f, float weightDecay = 0f,
        RateSchedule schedule = default) =>
        AdamCore("Adam", stream, parameters, grads, m, v, step, lr, beta1, beta2, eps, weightDecay, decoupled: false, schedule);

    /// <summary>AdamW step (torch.optim.AdamW): as <see cref="Adam"/> with decoupled weight decay p ·= 1 − lr·wd.</summary>
    public static void AdamW(AcceleratorStream stream, ArrayView<float> parameters, ArrayView<float> grads, ArrayView<float> m, ArrayView<float> v,
        ArrayView<int> step, float lr = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f, float eps = 1e-8f, float weightDecay = 1e-2f,
        RateSchedule schedule = default) =>
        AdamCore("AdamW", stream, parameters, grads, m, v, step, lr, beta1, beta2, eps, weightDecay, decoupled: true, schedule);

    /// <summary>Clamps every parameter to [−<paramref name="clip"/>, <paramref name="clip"/>] (WGAN critic).</summary>
    public static void ClipWeights(AcceleratorStream stream, ArrayView<float> parameters, float clip)
    {
        const string op = "ClipWeights";
        NonEmpty(op, parameters);
        OpChecks.NonNegative(op, nameof(clip), clip);
        stream.Launch(OptimizerKernels.ClipWeightsKernel, parameters.Length, parameters, clip);
    }

    /// <summary>
    /// One step of an exponential moving average of the parameters (Polyak averaging, a GAN generator's "EMA"
    /// weights): average += (1 − decay)·(parameters − average), with decay in [0, 1).
    /// </summary>
    public static void AverageParameters(AcceleratorStream stream, ArrayView<float> average, ArrayView<float> parameters, float decay)
    {
        const string op = "AverageParameters";
        int n = NonEmpty(op, parameters);
        OpChecks.Length(op, nameof(average), average, n, $"parameters ('{OpChecks.Name(parameters)}', {n} elements)");
        if (!(decay >= 0f && decay < 1f))
            throw new ArgumentException($"{op}: decay must lie in [0, 1), got {decay}.", nameof(decay));
        stream.Launch(OptimizerKernels.AverageParametersKernel, n, average, parameters, decay);
    }

    /// <summary>Scratch elements needed by <see cref="GlobalNorm"/>, <see cref="ClipGradNorm"/> and <see cref="AddNorm"/> for <paramref name="elements"/> gradients.</summary>
    public static int GradNormScratchLength(int elements) => Reduce.PartialCount(elements);

    /// <summary>norm[0] = ‖grads‖₂ (<see cref="Reduce.SumOfSquares"/>, square root on the device).</summary>
    public static void GlobalNorm(AcceleratorStream stream, ArrayView<float> grads, ArrayView<float> norm, ArrayView<float> scratch)
    {
        GlobalNormCore("GlobalNorm", stream, grads, norm, scratch);
        stream.Launch(OptimizerKernels.SqrtInPlaceKernel, 1, norm);
    }

    /// <summary>
    /// torch.nn.utils.clip_grad_norm_: norm[0] = ‖grads‖₂ (before clipping), then grads ·= min(maxNorm/(norm + 1e-6), 1),
    /// the norm read on the device (no host round trip).
    /// </summary>
    public static void ClipGradNorm(AcceleratorStream stream, ArrayView<float> grads, ArrayView<float> norm, ArrayView<float> scratch, float maxNorm)
    {
        const string op = "ClipGradNorm";
        OpChecks.NonNegative(op, nameof(maxNorm), maxNorm);
        GlobalNormCore(op, stream, grads, norm, scratch);
        stream.Launch(OptimizerKernels.SqrtInPlaceKernel, 1, norm);
        stream.Launch(OptimizerKernels.ScaleToNormKernel, grads.Length, grads, norm, maxNorm);
    }

    /// <summary>
    /// target[0] += weight · ‖grads‖₂, on the device: a running sum of gradient norms (e.g. a GAN player's, averaged
    /// over an epoch) kept without a host wait, in one launch up to <see cref="Reduce.SinglePassLength"/> gradients
    /// (one group streams them), else two (the partial sums of squares in <paramref name="scratch"/>).
    /// </summary>
    public static void AddNorm(AcceleratorStream stream, ArrayView<float> grads, ArrayView<float> target, ArrayView<float> scratch, float weight = 1f)
    {
        const string op = "AddNorm";
        if (grads.IsEmpty || grads.Length == 0)
            throw new ArgumentException($"{op}: grads is empty.", nameof(grads));
        int n = grads.Length;
        OpChecks.Scalar(op, nameof(target), target);
        var group = new KernelConfig(1, ReductionKernels.GroupSize);
        if (n <= Reduce.SinglePassLength)
        {
            stream.Launch(ReductionKernels.AddRootOfSumKernel, group, grads, target, n, 1, weight);
            return;
        }
        int parts = Reduce.PartialCount(n);
        OpChecks.AtLeast(op, nameof(scratch), scratch, parts, $"{n} gradients");
        var partials = scratch.SubView(0, parts);
        stream.Launch(ReductionKernels.SumSquaresBlocksKernel, new KernelConfig(parts, ReductionKernels.GroupSize), grads, partials, n);
        stream.Launch(ReductionKernels.AddRootOfSumKernel, group, partials, target, parts, 0, weight);
    }

    /// <summary>squared[0] = ‖grads‖₂², the partials in <paramref name="scratch"/>.</summary>
    private static void GlobalNormCore(string op, AcceleratorStream stream, ArrayView<float> grads, ArrayView<float> squared, ArrayView<float> scratch)
    {
        if (grads.IsEmpty || grads.Length == 0)
            throw new ArgumentException($"{op}: grads is empty.", nameof(grads));
        int n = grads.Length;
        OpChecks.Scalar(op, "norm", squared);
        OpChecks.AtLeast(op, nameof(scratch), scratch, Reduce.PartialCount(n), $"{n} gradients");
        Reduce.SumOfSquares(stream, grads, squared, scratch);
    }

    /// <summary>Ints in Adam's device step state: the step t, then the step size, bias correction and rate of that step (as float bits).</summary>
    public const int AdamStateLength = 4;

    private static void AdamCore(string op, AcceleratorStream stream, ArrayView<float> parameters, ArrayView<float> grads, ArrayView<float> m,
        ArrayView<float> v, ArrayView<int> step, float lr, float beta1, float beta2, float eps, float weightDecay, bool decoupled, RateSchedule schedule)
    {
        int n = CheckParams(op, parameters, grads);
        OpChecks.Length(op, nameof(m), m, n, $"parameters ('{OpChecks.Name(parameters)}', {n} elements)");
        OpChecks.Length(op, nameof(v), v, n, $"parameters ('{OpChecks.Name(parameters)}', {n} elements)");
        OpChecks.AtLeast(op, nameof(step), step, AdamStateLength, "Adam's step state [t, step size, bias correction, rate]");
        if (schedule.Kind is < 0 or > 3 || (schedule.Kind == 1 && schedule.StepSize <= 0) || (schedule.Kind == 3 && schedule.Period <= 0))
            throw new ArgumentException($"{op}: schedule kind {schedule.Kind} (step size {schedule.StepSize}, period {schedule.Period}) is not one the device evaluates.", nameof(schedule));
        OpChecks.NonNegative(op, nameof(lr), lr);
        OpChecks.HalfOpen(op, nameof(beta1), beta1, 0f, 1f);
        OpChecks.HalfOpen(op, nameof(beta2), beta2, 0f, 1f);
        OpChecks.NonNegative(op, nameof(eps), eps);
        OpChecks.NonNegative(op, nameof(weightDecay), weightDecay);
        var state = step.SubView(0, AdamStateLength);
        stream.Launch(OptimizerKernels.AdamPrepareKernel, 1, state, lr, beta1, beta2, KernelArg.FromStruct(schedule));
        stream.Launch(OptimizerKernels.AdamKernel, n, parameters, grads, m, v, state, beta1, beta2, eps, weightDecay, decoupled ? 1 : 0);
    }

    private static int CheckParams(string op, ArrayView<float> parameters, ArrayView<float> grads)
    {
        int n = NonEmpty(op, parameters);
        OpChecks.Length(op, nameof(grads), grads, n, $"parameters ('{OpChecks.Name(parameters)}', {n} elements)");
        return n;
    }

    private static int NonEmpty(string op, ArrayView<float> parameters) =>
        parameters.IsEmpty || parameters.Length == 0 ? throw new ArgumentException($"{op}: parameters is empty.", nameof(parameters)) : parameters.Length;
}
