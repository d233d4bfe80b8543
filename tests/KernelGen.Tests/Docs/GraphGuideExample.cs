using KernelGen.Graph;
using KernelGen.Graph.Checkpoints;
using KernelGen.Kernels;

namespace KernelGen.Tests.Docs;

/// <summary>The example of docs/graph.md, verbatim between the markers; <see cref="GraphGuideTests"/> checks the page against it.</summary>
internal static class GraphGuideExample
{
    public static (float First, float Last, string Summary) Run(Accelerator accelerator, float[] images, string checkpointPath)
    {
        // docs:begin
        const int batch = 64;
        var g = new GraphBuilder("vae");
        var x = g.Input("x", batch, 784);
        var h = g.Relu(g.Linear(x, 400, "fc1"));
        var mu = g.Linear(h, 20, "fc21");
        var logvar = g.Linear(h, 20, "fc22");
        var z = g.Reparameterize(mu, logvar);
        var logits = g.Linear(g.Relu(g.Linear(z, 400, "fc3")), 784, "fc4");
        var bce = g.BinaryCrossEntropyWithLogits(logits, x, LossReduction.Sum);
        var kl = g.GaussianKl(mu, logvar, LossReduction.Sum);
        g.SetLoss(g.Scale(g.Add(bce, kl), 1f / batch));      // per-image loss, as in PyTorch's VAE example

        using var model = g.Compile(accelerator, new CompileOptions { Seed = 1 });
        model.Store.Group("default").UseOptimizer(new Adam(1e-3f));
        string summary = ModelSummary.Render(model);

        model.SetInput("x", images.AsSpan(0, batch * 784));
        model.Step();                                         // enqueues forward, backward, Adam; nothing waits
        float first = model.ReadLoss();                       // reading the loss waits for the step
        for (int step = 0; step < 50; step++) model.Step();
        float last = model.ReadLoss();
        Checkpoint.Save(checkpointPath, model);               // parameters, Adam state, step counter (atomic)
        // docs:end
        return (first, last, summary);
    }
}
