namespace KernelGen;

/// <summary>Whether a backend is usable on this machine, and if not, why.</summary>
/// <param name="Backend">The backend.</param>
/// <param name="Available">Whether at least one device was found.</param>
/// <param name="Detail">Version information when available; otherwise the reason it is not.</param>
public sealed record BackendStatus(Backend Backend, bool Available, string Detail);
