using KernelGen.Kernels;
using KernelGen.Graph.Ops;

namespace KernelGen.Graph;

/// <summary>
/// A graph compiled for one accelerator: a fixed schedule of forward and backward launches over memory
/// allocated once (planned activation arena, parameter arenas, inputs, scratch). A step enqueues the whole
/// launch sequence; nothing waits until the host reads a value (the loss, an output).
/// </summary>
public sealed partial class CompiledGraph : IDisposable
{
    private readonly Node[] _nodes;
    private readonly Node[] _forward;           // _nodes less the activations fused into their producers' launches
    private readonly Node[] _backward;
    private readonly int[][] _zeroAtBackward;   // per backward step: arena slots (offset, length) pairs to zero first
    private readonly ParameterGroup[] _trainable;
    private readonly MemoryBuffer<float> _arena, _scratch, _gradNorm;
    private readonly Dictionary<string, MemoryBuffer> _inputs = new();
    private readonly List<MemoryBuffer<int>> _intActivations = new();
    private readonly MemoryBuffer<int>? _finiteFlags;
    private readonly (int Offset, int Length, float Value)[] _constantFills; // constant gradients a backward reads from a buffer
    private readonly bool _ownsStore;
    private readonly ExecutionContext _ctx;
    private readonly PhiloxStream _random;

    internal CompiledGraph(GraphBuilder graph, ParameterStore store, CompileOptions options, int index, bool ownsStore)
    {
        Graph = graph;
        Store = store;
        Options = options;
        _ownsStore = ownsStore;
        var acc = store.Accelerator;
        Accelerator = acc;
        _nodes = LiveNodes(graph);
        Pruned = graph.Nodes.Except(_nodes).ToArray();
        int count = graph.Tensors.Count;
        var fusions = options.CheckFinite ? [] : ActivationFusion.Find(_nodes, graph);
        _forward = _nodes.Where(n => !fusions.Any(f => f.Activation == n)).ToArray();

        // Which tensors need a gradient, and which nodes run backward.
        var requires = new bool[count];
        foreach (var p in graph.Parameters) requires[p.Id] = !graph.FrozenGroups.Contains(p.Parameter!.Group);
        foreach (var node in _nodes)
        {
            bool any = node.Differentiable && node.Inputs.Any(i => requires[i.Id]);
            foreach (var o in node.Outputs) requires[o.Id] = any;
        }
        var hasGrad = new bool[count];
        if (graph.Loss is { } loss && requires[loss.Id]) hasGrad[loss.Id] = true;
        var runsBackward = new bool[_nodes.Length];
        for (int k = _nodes.Length - 1; k >= 0; k--)
        {
            var node = _nodes[k];
            runsBackward[k] = node.Differentiable && node.Outputs.Any(o => hasGrad[o.Id]) && node.Inputs.Any(i => requires[i.Id]);
            if (runsBackward[k])
                foreach (var i in node.Inputs.Where(i => requires[i.Id])) hasGrad[i.Id] = true;
        }
        var constants = new ConstantGradients(_nodes, runsBackward, hasGrad, requires, graph.Loss is { } l0 && hasGrad[l0.Id] ? l0 : null);
        for (int k = 0; k < _nodes.Length; k++) runsBackward[k] &= !constants.Folded.Contains(_nodes[k]);
        // A constant gradient needs a buffer (filled with the constant when the backward starts) only when its
        // producer still runs a backward that reads it from one.
        var filled = new bool[count];
        for (int k = 0; k < _nodes.Length; k++)
            foreach (var o in _nodes[k].Outputs)
                filled[o.Id] = constants.Of(o) is not null && runsBackward[k] && !_nodes[k].ReadsConstantGradient;
        _backward = Enumerable.Range(0, _nodes.Length).Reverse().Where(k => runsBackward[k]).Select(k => _nodes[k]).ToArray();
        int f = _nodes.Length, end = f + _backward.Length;
        var fpos = _nodes.Select((n, k) => (n, k)).ToDictionary(p => p.n, p => p.k);
        var bpos = _backward.Select((n, k) => (n, k)).ToDictionary(p => p.n, p => f + p.k);

        // Live intervals of activations and of activation gradients.
        var intervals = new List<(string Key, int Start, int End, int Length)>();
        var keep = new HashSet<Tensor>(graph.Outputs);
        if (graph.Loss != null) keep.Add(graph.Loss);
        var live = new HashSet<Node>(_nodes);
        int LastUse(Tensor t)
        {
            var producer = t.Producer!;
            int last = fpos[producer];
            foreach (var c in _nodes.Where(n => n.Inputs.Contains(t)))
            {
                last = Math.Max(last, fpos[c]);
                if (bpos.TryGetValue(c, out var b) && c.SavedForBackward.Contains(t)) last = Math.Max(last, b);
            }
            if (bpos.TryGetValue(producer, out var pb) && producer.SavedForBackward.Contains(t)) last = Math.Max(last, pb);
            return keep.Contains(t) ? end : last;
        }
        // A reshape's output is its input's memory under another shape: no slot and no copy of its own, and the input's
        // slot lives until the last use of either (its gradient keeps a slot of its own).
        var aliasOf = new Dictionary<Tensor, Tensor>();
        foreach (var n in _nodes)
            if (n is ReshapeOp reshape && reshape.Inputs[0].DType == DType.Float32)
                aliasOf[reshape.Result] = aliasOf.GetValueOrDefault(reshape.Inputs[0], reshape.Inputs[0]);
        // When the reshape is the only reader of its input, the input's gradient is the output's, element for element: the
        // two share the output's gradient slot (living until the input's producer has run backward), and the reshape's
        // backward adds nothing.
        var gradAliasOf = new Dictionary<Tensor, Tensor>();
        foreach (var n in _nodes)
            if (n is ReshapeOp { Inputs: [var x] } reshape && x.DType == DType.Float32 && x.Kind == TensorKind.Activation
                && bpos.ContainsKey(reshape) && hasGrad[x.Id] && hasGrad[reshape.Result.Id]
                && constants.Of(x) is null && constants.Of(reshape.Result) is null && _nodes.Count(c => c.Inputs.Contains(x)) == 1)
                gradAliasOf[x] = reshape.Result;
        Tensor GradRoot(Tensor t)
        {
            while (gradAliasOf.TryGetValue(t, out var next)) t = next;
            return t;
        }
        int GradDies(Tensor t) => bpos.TryGetValue(t.Producer!, out var p) ? p : -1;
        foreach (var t in graph.Tensors.Where(t => t.Kind == TensorKind.Activation && live.Contains(t.Producer!)))
        {
            var producer = t.Producer!;
            int last = aliasOf.Where(a => a.Value == t).Select(a => LastUse(a.Key)).Append(LastUse(t)).Max();
            // A fused activation's output is written by its producer's launch, one step early.
            int written = fusions.FirstOrDefault(x => x.Activation == producer) is { } fusion ? fpos[fusion.Producer] : fpos[producer];
            if (t.DType == DType.Float32 && !aliasOf.ContainsKey(t)) intervals.Add(("v:" + t.Name, written, last, t.Shape.Numel));
            if (hasGrad[t.Id] && (constants.Of(t) is null || filled[t.Id]) && !gradAliasOf.ContainsKey(t))
            {
                int born = constants.Of(t) is not null ? f : _nodes.Where(n => n.Inputs.Contains(t) && bpos.ContainsKey(n)).Min(n => bpos[n]);
                int dies = gradAliasOf.Keys.Where(a => GradRoot(a) == t).Select(GradDies).Append(GradDies(t)).Max();
                intervals.Add(("g:" + t.Name, born, Math.Max(born, dies), t.Shape.Numel));
            }
        }
        Plan = new MemoryPlan(intervals);
        _arena = acc.Allocate<float>(Math.Max(1, Plan.ArenaLength), $"{graph.Name}.activations");
        _trainable = store.Groups.Where(g => !graph.FrozenGroups.Contains(g.Name)
            && graph.Parameters.Any(p => p.Parameter!.Group == g.Name)).ToArray();
        // Nodes and gradient-norm clipping (in Update, after the nodes have run) share one scratch buffer, sized
        // at compile time for both: optimizers are set after compiling, so clipping may be turned on later.
        int scratch = _nodes.Select(n => n.ScratchLengthOn(acc.Device.Backend))
            .Concat(_trainable.Where(g => g.Length > 0).Select(g => OptimizerSteps.GradNormScratchLength(g.Length))).DefaultIfEmpty(0).Max();
        _scratch = acc.Allocate<float>(Math.Max(1, scratch), $"{graph.Name}.scratch");
        _gradNorm = acc.Allocate<float>(1, $"{graph.Name}.grad-norm");
        _random = new PhiloxStream(acc, options.Seed * 0x9E3779B97F4A7C15UL + (ulong)index + 1, $"{graph.Name}.rng");
        _ctx = new ExecutionContext(count, acc.DefaultStream, _random, _scratch.View);

        // Bind every tensor to its memory.
        var slots = Plan.Slots.ToDictionary(s => s.Key);
        var constantFills = new List<(int, int, float)>();
        var filledSlots = new HashSet<string>();
        foreach (var t in graph.Tensors.Where(t => t.Producer is null || live.Contains(t.Producer)))
        {
            switch (t.Kind)
            {
                case TensorKind.Parameter:
                    _ctx.Bind(t, store.View(t.Name));
                    if (hasGrad[t.Id]) _ctx.BindGrad(t, store.Grad(t.Name));
                    break;
                case TensorKind.Input when t.DType == DType.Int32:
                    var ib = acc.Allocate<int>(t.Shape.Numel, t.Name);
                    _inputs[t.Name] = ib;
                    _ctx.BindInt(t, ib.View);
                    break;
                case TensorKind.Input:
                    var fb = acc.Allocate<float>(t.Shape.Numel, t.Name);
                    _inputs[t.Name] = fb;
                    _ctx.Bind(t, fb.View);
                    break;
                case TensorKind.Activation when t.DType == DType.Int32:
                    var ia = acc.Allocate<int>(t.Shape.Numel, t.Name);
                    ia.Zero(); // status outputs (label checks) are read before any run may have written them
                    _intActivations.Add(ia);
                    _ctx.BindInt(t, ia.View);
                    break;
                default:
                    if (aliasOf.TryGetValue(t, out var root)) _ctx.Bind(t, _ctx.View(root));
                    else
                    {
                        var vs = slots["v:" + t.Name];
                        _ctx.Bind(t, _arena.View.SubView(vs.Offset, vs.Length));
                    }
                    if (constants.Of(t) is { } c) _ctx.BindConstantGrad(t, c);
                    if (slots.GetValueOrDefault("g:" + GradRoot(t).Name) is { } gs)
                    {
                        _ctx.BindGrad(t, _arena.View.SubView(gs.Offset, gs.Length));
                        if (filled[t.Id])
                        {
                            constantFills.Add((gs.Offset, gs.Length, constants.Of(t)!.Value));
                            filledSlots.Add(gs.Key);
                        }
                    }
                    break;
            }
        }
        _zeroAtBackward = _backward.Select((n, k) => Plan.Slots
            .Where(s => s.Key.StartsWith("g:", StringComparison.Ordinal) && s.Start == f + k && !filledSlots.Contains(s.Key))
            .SelectMany(s => new[] { s.Offset, s.Length }).ToArray()).ToArray();
        _constantFills = constantFills.ToArray();
        foreach (var fusion in fusions) _ctx.Fuse(fusion.Producer, fusion.Epilogue, fusion.Activation.Result);
        if (options.CheckFinite) _finiteFlags = acc.Allocate<int>(Math.Max(1, _nodes.Length), $"{graph.Name}.finite-flags");
        GradientTensors = graph.Tensors.Where(t => hasGrad[t.Id]).ToArray();
    }

    /// <summary>
    /// The nodes that lead to the loss or to a marked output, in declaration order; the others (e.g. an output
    /// sigmoid that only evaluation reads) are dead in this graph and never run.
    /// </summary>
    private static Node[] LiveNodes(GraphBuilder graph)
    {
        var needed = new HashSet<Tensor>(graph.Outputs);
        if (graph.Loss is not null) needed.Add(graph.Loss);
        if (needed.Count == 0) return graph.Nodes.ToArray();
        var live = new List<Node>();
        foreach (var node in graph.Nodes.Reverse())
        {
            if (!node.Outputs.Any(needed.Contains)) continue;
            live.Add(node);
            foreach (var input in node.Inputs) needed.Add(input);
        }
        live.Reverse();
        return live.ToArray();
    }

    /// <summary>Nodes declared but not run, because nothing this graph computes depends on them.</summary>
    public IReadOnlyList<Node> Pruned { get; }

    /// <summary>The graph as declared.</summary>
    public GraphBuilder Graph { get; }

    /// <summary>The parameters (shared with the other graphs compiled with this one).</summary>
    public ParameterStore Store { get; }

    /// <summary>The accelerator everything runs on.</summary>
    public Accelerator Accelerator { get; }

    /// <summary>The options it was compiled with.</summary>
    public CompileOptions Options { get; }

    /// <summary>The activation memory plan.</summary>
    public MemoryPlan Plan { get; }

    /// <summary>Tensors that get a gradient in a backward pass of this graph.</summary>
    public IReadOnlyList<Tensor> GradientTensors { get; }

    /// <summary>Training mode (dropout active, batch statistics) or evaluation mode.</summary>
    public bool Training { get; set; } = true;

    /// <summary>Training steps taken through this graph.</summary>
    public int Steps { get; internal set; }

    /// <summary>The random stream of the graph (noise, dropout, reparameterization).</summary>
    public PhiloxStream Random => _random;

    internal ExecutionContext Context => _ctx;

    /// <summary>Disposes the graph's buffers (and the parameter store, if this graph created it first).</summary>
    public void Dispose()
    {
        DropCapture();
        _arena.Dispose();
        _scratch.Dispose();
        _gradNorm.Dispose();
        _random.Dispose();
        _finiteFlags?.Dispose();
        DisposeInputs();
        foreach (var b in _intActivations) b.Dispose();
        if (_ownsStore) Store.Dispose();
    }
}
