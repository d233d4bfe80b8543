using KernelGen.Kernels;
using KernelGen.Tests.Support;

namespace KernelGen.Tests.Kernels;

/// <summary>
/// Convolution conventions against PyTorch fixtures (tests/fixtures/torch/cases_conv.py) on every backend:
/// conv2d with per-axis stride, padding and dilation; conv_transpose2d with output padding and (Cin, Cout, kH, kW)
/// weights; PixelCNN masks A and B. Forward and all three gradients; tolerance 1e-5 + 1e-5·|torch|.
/// </summary>
[TestFixtureSource(typeof(TestDevices), nameof(TestDevices.KernelBackends))]
public sealed class TorchConvFixtureTests(string backend) : DeviceFixture(backend)
{
    [TestCase("conv2d_s2_p1")]
    [TestCase("conv2d_s1x2_p2x0_d2x1")]
    [TestCase("conv2d_1x1")]
    [TestCase("convT_k4_s2_p1")]
    [TestCase("convT_k3_s2_p1_op1")]
    [TestCase("convT_k3_s3x2_p0x1_op2x1_d1x2")]
    [TestCase("maskedconv_A_k5")]
    [TestCase("maskedconv_B_k3")]
    public void MatchesTorch(string name)
    {
        var f = TorchFixture.Load(name);
        var (xs, x) = f.Tensor("inputs", "x");
        var (ws, w) = f.Tensor("inputs", "w");
        int[] stride = f.Ints("stride"), pad = f.Ints("padding"), dil = f.Ints("dilation");
        bool transposed = name.StartsWith("convT");
        ConvCase c;
        PixelCnnMask? mask = name.StartsWith("maskedconv_") ? Enum.Parse<PixelCnnMask>(name.Split('_')[1]) : null; // the "mask" param, read from the name
        if (transposed)
        {
            int[] op = f.Ints("output_padding");
            c = new ConvCase(name, Transposed: new ConvTranspose2dShape(xs[0], xs[1], xs[2], xs[3], ws[1], ws[2], ws[3])
            {
                StrideH = stride[0], StrideW = stride[1], PadH = pad[0], PadW = pad[1],
                OutputPadH = op[0], OutputPadW = op[1], DilationH = dil[0], DilationW = dil[1],
            });
        }
        else
            c = new ConvCase(name, new Conv2dShape(xs[0], xs[1], xs[2], xs[3], ws[0], ws[2], ws[3])
            {
                StrideH = stride[0], StrideW = stride[1], PadH = pad[0], PadW = pad[1], DilationH = dil[0], DilationW = dil[1],
            });

        using var xb = Acc.Allocate<float>(x, "x");
        using var wb = Acc.Allocate<float>(w, "w");
        using var bb = Acc.Allocate<float>(f.Input("b"), "b");
        using var dyb = Acc.Allocate<float>(f.Input("dy"), "dy");
        using var yb = Acc.Allocate<float>(f.Output("y").Length, "y");
        using var dxb = Acc.Allocate<float>(x.Length, "dx");
        using var dwb = Acc.Allocate<float>(w.Length, "dw");
        using var dbb = Acc.Allocate<float>(f.Grad("db").Length, "db");
        using var scratch = Acc.Allocate<float>(c.ScratchLength, "scratch");
        dxb.Zero();
        dwb.Zero();
        dbb.Zero();
        if (mask is { } m)
        {
            Conv.MaskedConv2d(Stream, xb, wb, bb, yb, scratch, c.Conv!.Value, m);
            Conv.Conv2dBackwardData(Stream, dyb, wb, dxb, scratch, c.Conv!.Value);
            Conv.MaskedConv2dBackwardWeights(Stream, xb, dyb, dwb, scratch, c.Conv!.Value, m);
        }
        else
        {
            c.Forward(Stream, xb, wb, bb, yb, scratch);
            c.BackwardData(Stream, dyb, wb, dxb, scratch);
            c.BackwardWeights(Stream, xb, dyb, dwb, scratch);
        }
        c.BackwardBias(Stream, dyb, dbb);
        Check(yb.ToArray(), f.Output("y"), "y");
        Check(dxb.ToArray(), f.Grad("dx"), "dx");
        Check(dwb.ToArray(), f.Grad("dw"), "dw");
        Check(dbb.ToArray(), f.Grad("db"), "db");

        void Check(float[] got, float[] torch, string what)
        {
            var expected = ConvReference.D(torch);
            Reference.AssertClose(got, expected, i => 1e-5 + 1e-5 * Math.Abs(expected[i]), $"{name} {what} vs torch");
        }
    }
}
