namespace KernelGen.Models.Data;

/// <summary>A training set and its held-out test set.</summary>
/// <param name="Train">Images to train on.</param>
/// <param name="Test">Images to evaluate on.</param>
public sealed record DataSplits(Dataset Train, Dataset Test);
