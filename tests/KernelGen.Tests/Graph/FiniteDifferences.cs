using KernelGen.Graph;

namespace KernelGen.Tests.Graph;

/// <summary>Whole-graph gradient checks against central finite differences of a compiled graph's own loss.</summary>
internal static class FiniteDifferences
{
    /// <summary>
    /// Compares backprop with finite differences of the loss, restoring the random stream for every evaluation. Checked along
    /// random directions over all trainable parameters and on single coordinates, with h = 1e-2 by default: |numeric − analytic|
    /// &lt;= 2e-2·|analytic| + 2e-3 covers the float rounding of the loss (~1e-7·|L| / h) and the O(h²) truncation;
    /// a wrong or missing backward term is far outside it.
    /// </summary>
    public static void Check(CompiledGraph m, string? only = null, float h = 1e-2f)
    {
        var store = m.Store;
        uint offset = m.Random.Position;
        float Loss()
        {
            m.Random.Position = offset;
            m.Forward();
            return m.ReadLoss();
        }
        ((MemoryBuffer<float>)store.Gradients.Buffer!).Zero(); // frozen groups must stay at zero, not merely unchanged
        m.Random.Position = offset;
        m.Forward();
        m.Backward();
        var grads = ((MemoryBuffer<float>)store.Gradients.Buffer!).ToArray();
        var theta = ((MemoryBuffer<float>)store.Values.Buffer!).ToArray();
        var (lo, hi) = only is null ? (0, store.Count) : (store.Group(only).Offset, store.Group(only).Offset + store.Group(only).Length);
        var paramBuffer = (MemoryBuffer<float>)store.Values.Buffer!;
        var rng = new Random(7);

        for (int trial = 0; trial < 3; trial++)
        {
            var v = new float[theta.Length];
            for (int i = lo; i < hi; i++) v[i] = rng.Next(2) == 0 ? -1f : 1f;
            double analytic = 0;
            for (int i = lo; i < hi; i++) analytic += grads[i] * v[i];
            paramBuffer.CopyFromHost(theta.Select((t, i) => t + h * v[i]).ToArray());
            double plus = Loss();
            paramBuffer.CopyFromHost(theta.Select((t, i) => t - h * v[i]).ToArray());
            double minus = Loss();
            paramBuffer.CopyFromHost(theta);
            double numeric = (plus - minus) / (2 * h);
            Assert.That(numeric, Is.EqualTo(analytic).Within(2e-2 * Math.Abs(analytic) + 2e-3), $"{m.Graph.Name}: directional derivative #{trial}");
        }

        foreach (var spec in store.Specs.Where(s => only is null || s.Group == only))
        {
            int i = store.Offset(spec.Name) + rng.Next(spec.Shape.Numel);
            var probe = (float[])theta.Clone();
            probe[i] = theta[i] + h;
            paramBuffer.CopyFromHost(probe);
            double plus = Loss();
            probe[i] = theta[i] - h;
            paramBuffer.CopyFromHost(probe);
            double minus = Loss();
            paramBuffer.CopyFromHost(theta);
            double numeric = (plus - minus) / (2 * h);
            Assert.That(numeric, Is.EqualTo(grads[i]).Within(2e-2 * Math.Abs(grads[i]) + 2e-3), $"{m.Graph.Name}: d loss / d {spec.Name}[{i - store.Offset(spec.Name)}]");
        }

        if (only is not null)
        {
            var frozen = store.Groups.Where(g => g.Name != only);
            foreach (var g in frozen)
                Assert.That(grads.Skip(g.Offset).Take(g.Length), Is.All.EqualTo(0f), $"frozen group '{g.Name}' received gradients");
        }
    }
}
