using KernelGen.Kernels;
using KernelGen.Tests.Support;
using static KernelGen.Tests.Kernels.Pointwise.PointwiseReference;

namespace KernelGen.Tests.Kernels.Pointwise;

/// <summary>
/// Batch normalization of inputs far from zero (mean 1000, standard deviation 0.5: uniform on 1000 ± 0.5·√3), where a
/// plain float sum of a channel loses the digits that carry the variance and the normalized values. N=64, C=8,
/// 8×8 images (4096 values per channel), on every backend against a double reference. Errors are relative to the
/// largest reference value, max|got − ref| / max|ref|: the mean within one float ulp, the rest within PyTorch
/// float32's error on such data (5.2e-5, its dγ figure). y keeps ~3e-5 from the float rounding of the saved mean,
/// as PyTorch's does; the backward takes that rounding out of dγ (see <see cref="BatchNormKernels.BatchGradSums"/>).
/// </summary>
[TestFixtureSource(typeof(TestDevices), nameof(TestDevices.KernelBackends))]
public sealed class BatchNormLargeMeanTests(string backend) : DeviceFixture(backend)
{
    private const double TorchFloat32Error = 5.2e-5;

    /// <summary>One float ulp at 1000 (2⁻¹⁴), relative: the saved mean is a float.</summary>
    private const double MeanUlp = 6.1e-8;

    [Test]
    public void StatisticsAndGradientsStayWithinPyTorchFloat32Error()
    {
        const int n = 64, c = 8, s = 8 * 8;
        const float eps = 1e-5f, halfWidth = 0.5f * 1.7320508f;
        int len = n * c * s;
        var x = Reference.Random(len, 21, 1000f - halfWidth, 1000f + halfWidth);
        var gamma = Reference.Random(c, 22, 0.5f, 1.5f);
        var beta = Reference.Random(c, 23);
        var dy = Reference.Random(len, 24);
        using var xb = Acc.Allocate<float>(x, "x");
        using var yb = Acc.Allocate<float>(len, "y");
        using var gb = Acc.Allocate<float>(gamma, "gamma");
        using var bb = Acc.Allocate<float>(beta, "beta");
        using var rmb = Acc.Allocate<float>(new float[c], "running-mean");
        using var rvb = Acc.Allocate<float>(new float[c], "running-var");
        using var smb = Acc.Allocate<float>(c, "save-mean");
        using var sib = Acc.Allocate<float>(c, "save-invstd");
        using var dyb = Acc.Allocate<float>(dy, "dy");
        using var dxb = Acc.Allocate<float>(new float[len], "dx");
        using var dgb = Acc.Allocate<float>(new float[c], "dgamma");
        using var dbb = Acc.Allocate<float>(new float[c], "dbeta");
        using var scratch = Acc.Allocate<float>(BatchNormOps.BatchNormScratchLength(c), "scratch");

        // momentum 1: the running statistics become the batch mean and the unbiased batch variance.
        BatchNormOps.BatchNormTraining(Stream, xb, yb, gb, bb, rmb, rvb, smb, sib, n, c, s, momentum: 1f, eps);
        BatchNormOps.BatchNormBackward(Stream, xb, dyb, gb, smb, sib, dxb, dgb, dbb, scratch, n, c, s);

        var (yRef, mean, variance) = BatchNorm(D(x), D(gamma), D(beta), n, c, s, eps);
        var unbiased = variance.Select(v => v * (n * s) / (n * s - 1)).ToArray();
        var (dxRef, dgRef, dbRef) = BatchNormBackward(D(x), D(dy), D(gamma), mean, variance, n, c, s, eps);
        var errors = new (string What, double Error, double Tolerance)[]
        {
            ("mean", RelativeError(rmb.ToArray(), mean), MeanUlp),
            ("variance (unbiased)", RelativeError(rvb.ToArray(), unbiased), TorchFloat32Error),
            ("y", RelativeError(yb.ToArray(), yRef), TorchFloat32Error),
            ("dx", RelativeError(dxb.ToArray(), dxRef), TorchFloat32Error),
            ("dgamma", RelativeError(dgb.ToArray(), dgRef), TorchFloat32Error),
            ("dbeta", RelativeError(dbb.ToArray(), dbRef), TorchFloat32Error),
        };
        foreach (var (what, error, _) in errors) TestContext.Progress.WriteLine($"  {BackendName} batch norm, mean 1000: {what} relative error {error:E2}");
        Assert.Multiple(() =>
        {
            foreach (var (what, error, tolerance) in errors)
                Assert.That(error, Is.LessThanOrEqualTo(tolerance), $"{what}: relative error {error:E2}");
        });
    }

    private static double RelativeError(float[] got, double[] expected)
    {
        double worst = 0, largest = 0;
        for (int i = 0; i < got.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs(got[i] - expected[i]));
            largest = Math.Max(largest, Math.Abs(expected[i]));
        }
        return worst / largest;
    }
}
