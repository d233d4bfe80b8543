using System.Reflection;
using System.Runtime.InteropServices;

namespace KernelGen.ILGPU;

using global::ILGPU;
using global::ILGPU.Runtime;

/// <summary>A kernel loaded on an ILGPU accelerator, and how KernelGen's launch arguments become ILGPU's.</summary>
internal sealed class IlgpuCompiledKernel
{
    private readonly Kernel _kernel;
    private readonly KernelDefinition _definition;
    private readonly Type[] _parameterTypes;

    private IlgpuCompiledKernel(Kernel kernel, KernelDefinition definition, Type[] parameterTypes)
    {
        _kernel = kernel;
        _definition = definition;
        _parameterTypes = parameterTypes;
    }

    /// <summary>Compiles <paramref name="definition"/> with ILGPU for <paramref name="accelerator"/>.</summary>
    public static IlgpuCompiledKernel Load(global::ILGPU.Runtime.Accelerator accelerator, KernelDefinition definition)
    {
        var method = IlgpuKernelMethods.Find(definition);
        var parameters = method.GetParameters().Skip(definition.Shape == KernelShape.Grouped ? 0 : 1).Select(p => p.ParameterType).ToArray();
        try
        {
            var kernel = definition.Shape == KernelShape.Grouped ? accelerator.LoadKernel(method) : accelerator.LoadAutoGroupedKernel(method);
            return new IlgpuCompiledKernel(kernel, definition, parameters);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new KernelCompilationException(
                $"ILGPU could not compile kernel '{definition.Name}' for {accelerator.Name}: {e.GetType().Name}: {e.Message}", e.ToString());
        }
    }

    /// <summary>Enqueues the kernel on <paramref name="stream"/>.</summary>
    public void Launch(global::ILGPU.Runtime.AcceleratorStream stream, in LaunchDims dims, ReadOnlySpan<KernelArg> args)
    {
        var values = new object[args.Length];
        for (int i = 0; i < args.Length; i++) values[i] = Convert(args[i], _parameterTypes[i]);
        try
        {
            switch (_definition.Shape)
            {
                case KernelShape.Index1D:
                    _kernel.Launch(stream, new Index1D(dims.Extent.X), values);
                    break;
                case KernelShape.Index2D:
                    _kernel.Launch(stream, new Index2D(dims.Extent.X, dims.Extent.Y), values);
                    break;
                default:
                    _kernel.Launch(stream, new KernelConfig(new Index2D(dims.GridDim.X, dims.GridDim.Y), new Index2D(dims.GroupDim.X, dims.GroupDim.Y)), values);
                    break;
            }
        }
        catch (TargetInvocationException e) when (e.InnerException is { } inner)
        {
            throw new KernelGen.AcceleratorException($"ILGPU failed to launch kernel '{_definition.Name}': {inner.GetType().Name}: {inner.Message}");
        }
    }

    private static object Convert(in KernelArg arg, Type parameter)
    {
        if (arg.IsView)
        {
            int size = arg.Buffer!.ElementSize;
            var bytes = IlgpuAccelerator.Handle(arg.Buffer).Bytes((long)arg.Offset * size, (long)arg.Length * size);
            return arg.Type switch
            {
                ScalarType.Float => bytes.Cast<float>(),
                ScalarType.Int => bytes.Cast<int>(),
                _ => bytes.Cast<uint>(),
            };
        }
        if (arg.IsStruct)
        {
            Span<byte> raw = stackalloc byte[KernelArg.MaxStructSize];
            arg.CopyStructTo(raw);
            unsafe
            {
                fixed (byte* p = raw) return Marshal.PtrToStructure((IntPtr)p, parameter)!;
            }
        }
        return arg.Type switch
        {
            ScalarType.Float => arg.Float,
            ScalarType.Int => arg.Int,
            _ => (object)arg.UInt,
        };
    }
}
