using KernelGen.Examples.OnnxGenerator;

// onnx-generator MODEL.onnx [COUNT]: draws COUNT images (default 2) and prints them as text, 28×28 each.
if (args.Length is < 1 or > 2 || !File.Exists(args[0]))
{
    Console.Error.WriteLine("onnx-generator: usage: onnx-generator MODEL.onnx [COUNT] (an ONNX file from 'kernelgen export --part generator' or '--part decoder').");
    return 2;
}
int count = args.Length == 2 && int.TryParse(args[1], out var n) && n > 0 ? n : 2;
var pixels = Generator.Generate(args[0], count, seed: 7);
int side = (int)Math.Sqrt(pixels.Length / count);
for (int i = 0; i < count; i++, Console.WriteLine())
    for (int r = 0; r < side; r++)
        Console.WriteLine(string.Concat(Enumerable.Range(0, side).Select(c => " .:-=+*#%@"[(int)(pixels[(i * side + r) * side + c] * 9.99f)])));
return 0;
