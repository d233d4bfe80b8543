using KernelGen.Kernels;
using KernelGen.Tests.Support;
using static KernelGen.Tests.Kernels.Pointwise.PointwiseReference;

namespace KernelGen.Tests.Kernels.Pointwise;

/// <summary>
/// Sum, mean, max, softmax and log-softmax over one axis of (outer, axis, inner), forward and backward, on every
/// backend against double references. Tolerance 1e-5·(1 + |ref|) (sums: 1e-6·Σ|x| more): each output sums at most
/// a few hundred float terms; max is exact (distinct inputs).
/// </summary>
[TestFixtureSource(typeof(TestDevices), nameof(TestDevices.KernelBackends))]
public sealed class AxisReductionConformanceTests(string backend) : DeviceFixture(backend)
{
    public static readonly object[] Shapes =
    [
        new object[] { 1, 1, 1 },
        new object[] { 3, 7, 5 },   // NCHW channel axis: n = 3, c = 7, h·w = 5
        new object[] { 2, 13, 1 },  // last axis
        new object[] { 5, 1, 3 },
        new object[] { 1, 257, 2 },
        new object[] { 31, 10, 1 },
    ];

    [TestCaseSource(nameof(Shapes))]
    public void SumMeanMax(int outer, int axis, int inner)
    {
        int len = outer * axis * inner, red = outer * inner;
        var x = Distinct(len, len);
        var dy = Reference.Random(red, 1);
        var dx0 = Reference.Random(len, 2);
        using var xb = Acc.Allocate<float>(x, "x");
        using var yb = Acc.Allocate<float>(red, "y");
        using var ab = Acc.Allocate<int>(red, "argmax");
        using var dyb = Acc.Allocate<float>(dy, "dy");
        using var dxb = Acc.Allocate<float>(len, "dx");
        double magnitude = x.Sum(v => Math.Abs((double)v));

        AxisReduce.Sum(Stream, xb, yb, outer, axis, inner);
        var sum = ReduceAxis(D(x), outer, axis, inner, e => e.Sum());
        Reference.AssertClose(yb.ToArray(), sum, i => 1e-5 * (1 + Math.Abs(sum[i])) + 1e-6 * magnitude, "sum");
        AxisReduce.Mean(Stream, xb, yb, outer, axis, inner);
        var mean = ReduceAxis(D(x), outer, axis, inner, e => e.Average());
        Reference.AssertClose(yb.ToArray(), mean, i => 1e-5 * (1 + Math.Abs(mean[i])) + 1e-6 * magnitude / axis, "mean");
        AxisReduce.Max(Stream, xb, yb, ab, outer, axis, inner);
        var max = ReduceAxis(D(x), outer, axis, inner, e => e.Max());
        Assert.That(yb.ToArray(), Is.EqualTo(max.Select(v => (float)v).ToArray()), "max");

        foreach (var kind in new[] { "sum", "mean", "max" })
        {
            dxb.CopyFromHost(dx0);
            var expected = D(dx0);
            for (int o = 0; o < outer; o++)
                for (int a = 0; a < axis; a++)
                    for (int j = 0; j < inner; j++)
                    {
                        int i = (o * axis + a) * inner + j, r = o * inner + j;
                        expected[i] += kind switch
                        {
                            "sum" => dy[r],
                            "mean" => dy[r] / (double)axis,
                            _ => x[i] == max[r] ? dy[r] : 0,
                        };
                    }
            if (kind == "sum") AxisReduce.SumBackward(Stream, dyb, dxb, outer, axis, inner);
            else if (kind == "mean") AxisReduce.MeanBackward(Stream, dyb, dxb, outer, axis, inner);
            else AxisReduce.MaxBackward(Stream, dyb, ab, dxb, outer, axis, inner);
            Reference.AssertClose(dxb.ToArray(), expected, i => 1e-6 * (1 + Math.Abs(expected[i])), $"{kind} backward");
        }
    }

    [TestCaseSource(nameof(Shapes))]
    public void SoftmaxAndLogSoftmax(int outer, int axis, int inner)
    {
        int len = outer * axis * inner;
        var x = Reference.Random(len, len, -8f, 8f);
        var dy = Reference.Random(len, 3);
        var dx0 = Reference.Random(len, 4);
        foreach (bool log in new[] { false, true })
        {
            using var xb = Acc.Allocate<float>(x, "x");
            using var yb = Acc.Allocate<float>(len, "y");
            using var dyb = Acc.Allocate<float>(dy, "dy");
            using var dxb = Acc.Allocate<float>(dx0, "dx");
            if (log)
            {
                AxisReduce.LogSoftmax(Stream, xb, yb, outer, axis, inner);
                AxisReduce.LogSoftmaxBackward(Stream, yb, dyb, dxb, outer, axis, inner);
            }
            else
            {
                AxisReduce.Softmax(Stream, xb, yb, outer, axis, inner);
                AxisReduce.SoftmaxBackward(Stream, yb, dyb, dxb, outer, axis, inner);
            }
            var y = Softmax(D(x), outer, axis, inner, log);
            var dx = D(dx0);
            for (int o = 0; o < outer; o++)
                for (int j = 0; j < inner; j++)
                {
                    double dot = 0, total = 0;
                    for (int a = 0; a < axis; a++)
                    {
                        int i = (o * axis + a) * inner + j;
                        dot += dy[i] * y[i];
                        total += dy[i];
                    }
                    for (int a = 0; a < axis; a++)
                    {
                        int i = (o * axis + a) * inner + j;
                        dx[i] += log ? dy[i] - Math.Exp(y[i]) * total : y[i] * (dy[i] - dot);
                    }
                }
            string what = log ? "log-softmax" : "softmax";
            Reference.AssertClose(yb.ToArray(), y, i => 1e-5 * (1 + Math.Abs(y[i])), what);
            Reference.AssertClose(dxb.ToArray(), dx, i => 1e-5 * (1 + Math.Abs(dx[i])), what + " backward");
        }
    }

    [Test]
    public void SoftmaxIsStableForLargeInputs()
    {
        float[] x = [1000f, 1001f, 1002f, -1000f, -1001f, -1002f];
        using var xb = Acc.Allocate<float>(x, "x");
        using var yb = Acc.Allocate<float>(x.Length, "y");
        AxisReduce.Softmax(Stream, xb, xb, 2, 3); // in place
        using var x2 = Acc.Allocate<float>(x, "x2");
        AxisReduce.LogSoftmax(Stream, x2, yb, 2, 3);
        var p = xb.ToArray();
        var lp = yb.ToArray();
        Assert.That(p, Is.All.Not.NaN);
        Assert.That(lp.All(float.IsFinite), "log-softmax is not finite");
        Reference.AssertClose(p, [0.09003057, 0.24472847, 0.66524096, 0.66524096, 0.24472847, 0.09003057], _ => 1e-6, "softmax of large values");
        Reference.AssertClose(lp, [-2.40760596, -1.40760596, -0.40760596, -0.40760596, -1.40760596, -2.40760596], _ => 1e-5, "log-softmax of large values");
    }
}
