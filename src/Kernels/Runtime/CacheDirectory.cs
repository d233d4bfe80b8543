namespace KernelGen;

/// <summary>
/// KernelGen's on-disk cache folder: <c>$KERNELGEN_CACHE_DIR</c>, else <c>$XDG_CACHE_HOME/kernelgen</c>, else
/// <c>~/.cache/kernelgen</c>. Each user of it keeps a subfolder (compiled CUDA kernels, trained sample judges).
/// </summary>
public static class CacheDirectory
{
    /// <summary>Environment variable naming the cache root.</summary>
    public const string Variable = "KERNELGEN_CACHE_DIR";

    /// <summary>The cache root (not created here).</summary>
    public static string Root
    {
        get
        {
            var root = Environment.GetEnvironmentVariable(Variable);
            if (!string.IsNullOrWhiteSpace(root)) return root;
            var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            return Path.Combine(string.IsNullOrWhiteSpace(xdg) ? Path.Combine(home, ".cache") : xdg, "kernelgen");
        }
    }
}
