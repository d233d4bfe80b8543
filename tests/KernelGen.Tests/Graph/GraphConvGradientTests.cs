using KernelGen.Graph;
using KernelGen.Tests.Support;

namespace KernelGen.Tests.Graph;

/// <summary>
/// Whole-graph gradients of small convolutional autoencoders (<see cref="ConvModels"/>) against central finite
/// differences of the compiled loss, on every backend, with the tolerance of <see cref="FiniteDifferences.Check"/> but a
/// step h = 3e-3 instead of 1e-2: batch normalization makes these models curve more than the MLPs (measured on the
/// CPU, the truncation error of a directional derivative is ~2 % at 1e-2 and ≤ 0.3 % at 3e-3, while the float
/// rounding of the loss stays ~1e-7·|L|/h ≈ 1e-4). ELU is left out of these models: its second derivative jumps at
/// 0, so it is checked against PyTorch instead (<see cref="GraphLayerTorchTests"/>). Noise and dropout draw the
/// same numbers in every evaluation (the random stream's offset is restored).
/// </summary>
[TestFixtureSource(typeof(TestDevices), nameof(TestDevices.Backends))]
public sealed class GraphConvGradientTests(string backend) : DeviceFixture(backend)
{
    [TestCaseSource(typeof(ConvModels), nameof(ConvModels.Variants))]
    public void ConvAutoencoderGradients(string variant)
    {
        using var m = ConvModels.Build(variant).Compile(Acc, new CompileOptions { Seed = 11 });
        ConvModels.Feed(m, 5);
        FiniteDifferences.Check(m, h: 3e-3f);
    }
}
