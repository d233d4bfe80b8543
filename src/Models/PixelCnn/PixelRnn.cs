using KernelGen.Graph;
using KernelGen.Kernels;

namespace KernelGen.Models.PixelCnn;

/// <summary>
/// PixelRNN with Row LSTM layers (van den Oord et al., 2016) for binary images. A 7×7 mask-A convolution makes the
/// residual stream; each Row LSTM layer computes its input-to-state gates for the whole map at once with a masked 1×k
/// convolution (each pixel sees the stream at itself and to its left in its row), then runs down the image row by row:
/// the state-to-state gates of row r are a 1×k convolution of row r − 1's hidden states, and the fused LSTM cell
/// (<see cref="GraphBuilder.LstmCell(Tensor, Tensor?, Tensor?, string)"/>, gate order i, f, g, o along the channels)
/// gives row r's hidden and cell states. A 1×1 convolution of the stacked hidden states is added back to the stream.
/// Two 1×1 convolutions give one Bernoulli logit per pixel; each depends only on the pixels before it in raster order
/// (the state of row r − 1 reaches a triangle of the rows above). Likelihood, training and sampling as every
/// <see cref="PixelModel"/>.
/// </summary>
public sealed class PixelRnn : PixelModel
{
    /// <summary>Creates the model; nothing is allocated until <see cref="GenerativeModel.Build(Accelerator, int, int, int)"/>.</summary>
    public PixelRnn(PixelRnnOptions? options = null) : base(options ?? new PixelRnnOptions()) { }

    /// <summary>The hyper-parameters.</summary>
    public new PixelRnnOptions Options => (PixelRnnOptions)base.Options;

    /// <inheritdoc/>
    public override string Kind => "pixelrnn";

    /// <inheritdoc/>
    protected override Tensor Network(GraphBuilder g, Tensor x)
    {
        var o = Options;
        var stream = g.MaskedConv2d(x, 2 * o.Hidden, o.FirstKernel, PixelCnnMask.A, "conv_a");
        for (int l = 0; l < o.Layers; l++)
            stream = g.Add(stream, g.Conv2d(RowLstm(g, stream, $"lstm{l + 1}"), 2 * o.Hidden, 1, $"lstm{l + 1}.out"), $"residual{l + 1}");
        var h = g.Relu(g.Conv2d(g.Relu(stream), o.OutputChannels, 1, "out1"));
        return g.Conv2d(h, 1, 1, "out2");
    }

    /// <summary>One Row LSTM layer over the stream (N, F, H, W): its hidden states (N, hidden, H, W).</summary>
    private Tensor RowLstm(GraphBuilder g, Tensor stream, string name)
    {
        var o = Options;
        var inputGates = g.RowConv(stream, 4 * o.Hidden, o.Kernel, $"{name}.input", PixelCnnMask.B);
        int height = stream.Shape[2];
        var rows = new Tensor[height];
        Tensor? h = null, c = null;
        for (int r = 0; r < height; r++)
        {
            var gx = g.Row(inputGates, r, $"{name}.row{r}");
            var gh = h is null ? null : g.RowConv(h, 4 * o.Hidden, o.Kernel, $"{name}.state", bias: false);
            (h, c) = g.LstmCell(gx, gh, c, $"{name}.cell{r}");
            rows[r] = h;
        }
        return g.StackRows(rows, $"{name}.states");
    }
}
