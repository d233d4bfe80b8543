using KernelGen.Graph;
using KernelGen.Interchange.Onnx;
using KernelGen.Kernels;
using KernelGen.Models;
using KernelGen.Tests.Support;

namespace KernelGen.Tests.Interchange;

/// <summary>
/// The ops no registered model's inference part uses (ELU, GELU exact and tanh, Softplus with β and a threshold,
/// average pooling with and without counted padding, bilinear and non-square nearest upsampling, multiply, split,
/// one-hot labels expanded to channels, transposed convolution with output padding and dilation, BatchNorm with
/// non-trivial statistics, and the training noise that inference skips) in one graph, exported and run by ONNX
/// Runtime at batch 1 and 7 against KernelGen's CPU forward, within 1e-5 of each output's scale.
/// </summary>
public sealed class OnnxOpExportTests
{
    private static InferencePart Declare(int batch)
    {
        var g = new GraphBuilder("ops");
        var x = g.Input("x", batch, 2, 6, 6);
        var a = g.Elu(g.Conv2d(x, 4, 3, "conv", padding: 1), 0.7f);
        var pooled = g.AvgPool2d(a, 2, stride: 2, padding: 1, countIncludePad: false);               // (N, 4, 4, 4)
        var smooth = g.AvgPool2d(a, 3, stride: 1, padding: 1);                                       // (N, 4, 6, 6)
        var e = g.Multiply(smooth, g.UpsampleBilinear(pooled, 6, 6));
        var s = g.Add(g.Gelu(e), g.Gelu(g.Scale(e, 3f), GeluApproximation.Tanh));
        var (first, rest) = g.Split(s, 1);
        var labels = g.ExpandToChannels(g.OneHot(g.IntInput("y", batch), 3), 6, 6);
        var r = g.MaskingNoise(g.GaussianNoise(g.Dropout(g.Concat(rest, labels), 0.3f), 0.1f), 0.2f);
        r = g.BatchNorm(g.Softplus(g.Scale(r, 3f), beta: 2f, threshold: 1.5f), "bn");
        r = g.LeakyRelu(g.UpsampleNearest(g.MaxPool2d(r, 3, stride: 2, padding: 1), 2, 3), 0.1f); // (N, 6, 6, 9)
        var scores = g.Sigmoid(g.Linear(g.Relu(g.Flatten(r)), 5, "fc"));
        var deconv = g.Tanh(g.ConvTranspose2d(x, 3, 3, "deconv", stride: 2, padding: 1, outputPadding: 1, dilation: 2));
        return new InferencePart("ops", g, [new("first", first), new("scores", scores), new("deconv", deconv)], "test outputs");
    }

    [Test]
    public void EveryOpOfTheGraphAgreesWithKernelGen()
    {
        using var cpu = TestDevices.Context.GetDevice("cpu").CreateAccelerator();
        var one = Declare(1);
        foreach (var o in one.Outputs) one.Graph.MarkOutput(o.Tensor);
        using var graph = one.Graph.Compile(cpu, new CompileOptions { Seed = 3 });
        var random = new Random(11);
        foreach (var spec in graph.Store.Specs) // wider than the initial values, and BatchNorm statistics that are not 0 and 1
            graph.Store.Write(spec.Name, Enumerable.Range(0, spec.Shape.Numel).Select(_ => spec.Name.EndsWith("running_var") ? 0.5f + (float)random.NextDouble() : (float)(random.NextDouble() - 0.5)).ToArray());
        var onnx = OnnxExport.ToBytes(one, graph.Store.Read, new Dictionary<string, string>());
        foreach (int batch in new[] { 1, 7 })
        {
            var part = batch == 1 ? one : Declare(batch);
            foreach (var o in part.Outputs) part.Graph.MarkOutput(o.Tensor);
            using var compiled = batch == 1 ? null : Compiler.CompileWith(graph.Store, new CompileOptions(), part.Graph)[0];
            var run = compiled ?? graph;
            run.Training = false;
            var x = Enumerable.Range(0, batch * 72).Select(i => MathF.Sin(0.7f * i) * 2f).ToArray();
            var y = Enumerable.Range(0, batch).Select(i => i % 3).ToArray();
            run.SetInput("x", x);
            run.SetInput("y", y);
            run.Forward();
            var ort = OnnxRuntimeRun.Run(onnx, [new("x", [batch, 2, 6, 6], x), new("y", [batch], Int64s: y.Select(v => (long)v).ToArray())]);
            foreach (var o in part.Outputs)
            {
                double error = PartRun.RelativeError(ort[o.Name], run.Read(o.Tensor));
                TestContext.Progress.WriteLine($"ops batch {batch} {o.Name}: relative error {error:E2}");
                Assert.That(error, Is.LessThanOrEqualTo(1e-5), $"'{o.Name}' at batch {batch}");
            }
        }
    }
}
