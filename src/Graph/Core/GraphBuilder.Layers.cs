using KernelGen.Graph.Ops;
using KernelGen.Kernels;

namespace KernelGen.Graph;

public sealed partial class GraphBuilder
{
    /// <summary>A fully connected layer y = x·Wᵀ + b with W (out, in) initialized like PyTorch's Linear; parameters <c>{name}.weight</c>, <c>{name}.bias</c>.</summary>
    public Tensor Linear(Tensor x, int outFeatures, string name, bool bias = true, Init? weightInit = null)
    {
        if (outFeatures <= 0) throw new GraphException($"Linear '{name}': output features must be positive, got {outFeatures}.");
        if (x.Shape.Rank != 2) throw new GraphException($"Linear '{name}': input {x} must be (batch, features); flatten it first.");
        int fanIn = x.Shape[1];
        var w = Parameter($"{name}.weight", new Shape(outFeatures, fanIn), weightInit ?? Init.FanInUniform(fanIn));
        var b = bias ? Parameter($"{name}.bias", new Shape(outFeatures), weightInit is NormalInit ? Init.Constant(0) : Init.FanInUniform(fanIn)) : null;
        return Add(new LinearOp(this, name, x, w, b, tied: false));
    }

    /// <summary>A decoder layer tied to an encoder's weight: y = x·W + b, W (hidden, in) being that encoder layer's weight.</summary>
    public Tensor LinearTied(Tensor x, Tensor encoderWeight, string name, bool bias = true)
    {
        var b = bias ? Parameter($"{name}.bias", new Shape(encoderWeight.Shape[1]), Init.Constant(0)) : null;
        return Add(new LinearOp(this, name, x, encoderWeight, b, tied: true));
    }

    /// <summary>The parameter tensor named <paramref name="name"/> (e.g. an encoder's weight for tying).</summary>
    public Tensor GetParameter(string name) => _parameters.TryGetValue(name, out var t) ? t
        : throw new GraphException($"Graph '{Name}' has no parameter '{name}'.");

    /// <summary>max(x, 0).</summary>
    public Tensor Relu(Tensor x, string? name = null) =>
        Add(new ActivationOp(this, "ReLU", name ?? "relu", x, ActivationKernels.ReluKernel, ActivationKernels.ReluBackwardKernel));

    /// <summary>LeakyReLU with the given negative slope (PyTorch's default 0.01).</summary>
    public Tensor LeakyRelu(Tensor x, float slope = 0.01f, string? name = null)
    {
        if (!(slope > 0)) throw new GraphException($"LeakyReLU '{name ?? "leaky_relu"}': slope must be positive, got {slope}.");
        return Add(new ActivationOp(this, "LeakyReLU", name ?? "leaky_relu", x, ActivationKernels.LeakyReluKernel, ActivationKernels.LeakyReluBackwardKernel, slope));
    }

    /// <summary>1 / (1 + e^−x).</summary>
    public Tensor Sigmoid(Tensor x, string? name = null) =>
        Add(new ActivationOp(this, "Sigmoid", name ?? "sigmoid", x, ActivationKernels.SigmoidKernel, ActivationKernels.SigmoidBackwardKernel));

    /// <summary>tanh(x).</summary>
    public Tensor Tanh(Tensor x, string? name = null) =>
        Add(new ActivationOp(this, "Tanh", name ?? "tanh", x, ActivationKernels.TanhKernel, ActivationKernels.TanhBackwardKernel));

    /// <summary>a + b.</summary>
    public Tensor Add(Tensor a, Tensor b, string? name = null) => Add(new AddOp(this, name ?? "add", a, b));

    /// <summary>a·b element-wise.</summary>
    public Tensor Multiply(Tensor a, Tensor b, string? name = null) => Add(new MultiplyOp(this, name ?? "mul", a, b));

    /// <summary>α·x.</summary>
    public Tensor Scale(Tensor x, float alpha, string? name = null) => Add(new ScaleOp(this, name ?? "scale", x, alpha));

    /// <summary>Σ x as a scalar.</summary>
    public Tensor Sum(Tensor x, string? name = null) => Add(new SumOp(this, name ?? "sum", x, mean: false));

    /// <summary>mean(x) as a scalar.</summary>
    public Tensor Mean(Tensor x, string? name = null) => Add(new SumOp(this, name ?? "mean", x, mean: true));

    /// <summary>
    /// A tensor of <paramref name="shape"/> filled with N(mean, std²) numbers from the graph's random stream at every
    /// forward, in training and evaluation mode alike (e.g. a GAN's noise); no gradient.
    /// </summary>
    public Tensor RandomNormal(Shape shape, float mean = 0f, float std = 1f, string? name = null) =>
        Add(new RandomNormalOp(this, name ?? "random_normal", shape, mean, std));

    /// <summary>The VAE reparameterization z = μ + e^(logvar/2)·ε, with ε ~ N(0, 1) drawn from the graph's random stream each step.</summary>
    public Tensor Reparameterize(Tensor mu, Tensor logvar, string? name = null) => Add(new ReparameterizeOp(this, name ?? "reparameterize", mu, logvar, null));

    /// <summary>
    /// The VAE reparameterization with ε taken from <paramref name="eps"/>, a float input of μ's shape that the
    /// host fills (deterministic runs, fixtures); ε gets no gradient.
    /// </summary>
    public Tensor Reparameterize(Tensor mu, Tensor logvar, Tensor eps, string? name = null) => Add(new ReparameterizeOp(this, name ?? "reparameterize", mu, logvar, eps));
}
