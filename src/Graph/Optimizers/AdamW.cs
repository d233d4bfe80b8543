namespace KernelGen.Graph;

/// <summary>AdamW (torch.optim.AdamW): <see cref="Adam"/> with decoupled weight decay p ·= 1 − lr·wd (default 0.01).</summary>
public sealed class AdamW(float learningRate = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f, float eps = 1e-8f, float weightDecay = 1e-2f)
    : Adam(learningRate, beta1, beta2, eps, weightDecay)
{
    private protected override bool Decoupled => true;
}
