namespace KernelGen.Models.Gans;

/// <summary>Hyper-parameters of the conditional GAN (an MLP GAN whose networks also see the one-hot label).</summary>
public record ConditionalGanOptions : GanOptions;
