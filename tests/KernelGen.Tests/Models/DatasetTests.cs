using KernelGen.Models.Data;

namespace KernelGen.Tests.Models;

/// <summary>Datasets: IDX pairs, the embedded MNIST, Fashion-MNIST's Debian folder, folders and prefixes of IDX
/// files, and the CLI's data argument.</summary>
public sealed class DatasetTests
{
    IdxFiles _files = null!;

    [SetUp] public void Create() => _files = new IdxFiles();
    [TearDown] public void Remove() => _files.Dispose();

    [Test]
    public void LoadIdxPair()
    {
        var data = Dataset.LoadIdx(_files.Write("i", IdxFiles.SampleImages()), _files.Write("l", IdxFiles.SampleLabels()), name: "tiny");
        Assert.That((data.Name, data.Count, data.Rows, data.Cols, data.Classes, data.PixelsPerImage), Is.EqualTo(("tiny", 3, 2, 3, 3, 6)));
        Assert.That(data.Image(2)[1], Is.EqualTo(21 / 255f));
        Assert.That(data.Labels, Is.EqualTo(new[] { 2, 0, 1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => data.Image(3));
    }

    [Test]
    public void CountsThatDisagreeNameBothFiles()
    {
        string images = _files.Write("i", IdxFiles.SampleImages()), labels = _files.Write("l", IdxFiles.Labels(1, 2));
        var ex = Assert.Throws<FileFormatException>(() => Dataset.LoadIdx(images, labels))!;
        Assert.That(ex.Message, Does.Contain(images).And.Contain(labels).And.Contain("3 images").And.Contain("2 labels"));
    }

    [Test]
    public void LabelsOutsideGivenClasses()
    {
        string images = _files.Write("i", IdxFiles.SampleImages()), labels = _files.Write("l", IdxFiles.SampleLabels());
        Assert.That(Assert.Throws<FileFormatException>(() => Dataset.LoadIdx(images, labels, classes: 2))!.Message,
            Does.Contain("label 2 of item 0").And.Contain(labels));
    }

    [Test]
    public void ConstructorChecksSizes()
    {
        Assert.Throws<ArgumentException>(() => new Dataset("x", new float[5], [0], 2, 3, 1));
        Assert.That(Assert.Throws<ArgumentException>(() => new Dataset("x", new float[6], [4], 2, 3, 2))!.Message, Does.Contain("label 4"));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Dataset("x", [], [], 0, 3, 1));
    }

    [Test]
    public void EmbeddedMnist()
    {
        var mnist = Mnist.LoadEmbedded();
        Assert.That((mnist.Train.Count, mnist.Test.Count), Is.EqualTo((8000, 2000)));
        Assert.That((mnist.Train.Rows, mnist.Train.Cols, mnist.Train.Classes, mnist.Train.Name), Is.EqualTo((28, 28, 10, "mnist/train")));
        foreach (var set in new[] { mnist.Train, mnist.Test })
        {
            var perClass = set.Labels.GroupBy(l => l).ToDictionary(g => g.Key, g => g.Count());
            Assert.That(perClass.Keys, Is.EquivalentTo(Enumerable.Range(0, 10)), set.Name);
            Assert.That(perClass.Values.Min(), Is.GreaterThan(set.Count / 20), set.Name); // every digit well represented
            Assert.That(set.Images.Min(), Is.EqualTo(0f));
            Assert.That(set.Images.Max(), Is.EqualTo(1f));
            // Real digits: mostly background, a stroke of ~100-200 lit pixels, bright centre, dark border.
            double lit = set.Images.Count(v => v > 0.5f) / (double)set.Count;
            Assert.That(lit, Is.InRange(80, 200), set.Name);
        }
        var first = mnist.Train.Image(0);
        Assert.That(first[0] + first[27] + first[28 * 27], Is.EqualTo(0f));
    }

    [Test]
    public void BinarizeFixedOnce()
    {
        var data = new Dataset("d", [0f, 0.5f, 0.51f, 1f], [0], 2, 2, 1).BinarizeFixed();
        Assert.That(data.Images, Is.EqualTo(new[] { 0f, 0f, 1f, 1f }));
        Assert.That(data.Name, Is.EqualTo("d/binary"));
    }

    void WriteSplit(string prefix, bool gzip, string testStem = "t10k")
    {
        byte[] Z(byte[] b) => gzip ? IdxFiles.Gzip(b) : b;
        string ext = gzip ? ".gz" : "";
        _files.Write($"{prefix}train-images-idx3-ubyte{ext}", Z(IdxFiles.SampleImages()));
        _files.Write($"{prefix}train-labels-idx1-ubyte{ext}", Z(IdxFiles.SampleLabels()));
        _files.Write($"{prefix}{testStem}-images-idx3-ubyte{ext}", Z(IdxFiles.Images([1, 2, 3, 4, 5, 6], 1, 2, 3)));
        _files.Write($"{prefix}{testStem}-labels-idx1-ubyte{ext}", Z(IdxFiles.Labels(1)));
    }

    [TestCase(true, "t10k")]
    [TestCase(false, "test")]
    public void FolderOfIdxFiles(bool gzip, string testStem)
    {
        WriteSplit("", gzip, testStem);
        var split = IdxFolder.Load(_files.Folder, "toy");
        Assert.That((split.Train.Count, split.Test.Count, split.Train.Classes, split.Test.Classes), Is.EqualTo((3, 1, 3, 3)));
        Assert.That((split.Train.Name, split.Test.Name), Is.EqualTo(("toy/train", "toy/test")));
        var spec = DataSpec.Parse(_files.Folder);
        Assert.That(spec.Source, Is.EqualTo(DataSource.IdxFiles));
        Assert.That(spec.Load().Train.Count, Is.EqualTo(3));
    }

    [Test]
    public void PrefixOfIdxFiles()
    {
        WriteSplit("emnist-toy-", gzip: true);
        string prefix = Path.Combine(_files.Folder, "emnist-toy");
        var split = DataSpec.Parse(prefix).Load();
        Assert.That((split.Train.Count, split.Test.Count, split.Train.Name), Is.EqualTo((3, 1, "emnist-toy/train")));
    }

    [Test]
    public void IncompleteFolderListsMissingFiles()
    {
        _files.Write("train-images-idx3-ubyte", IdxFiles.SampleImages());
        var ex = Assert.Throws<FileNotFoundException>(() => IdxFolder.Load(_files.Folder))!;
        Assert.That(ex.Message, Does.Contain("train-labels-idx1-ubyte.gz").And.Contain("t10k-images-idx3-ubyte").And.Not.Contain("train-images"));
        var parse = Assert.Throws<ArgumentException>(() => DataSpec.Parse(_files.Folder))!;
        Assert.That(parse.Message, Does.Contain("lacks some of the four IDX files").And.Contain(DataSpec.Accepted));
    }

    [Test]
    public void DataSpecNames()
    {
        Assert.That(DataSpec.Parse("mnist"), Is.EqualTo(new DataSpec(DataSource.Mnist, null)));
        Assert.That(DataSpec.Parse(" Fashion-MNIST ").Source, Is.EqualTo(DataSource.FashionMnist));
        Assert.That(DataSpec.Parse("fashion-mnist").ToString(), Is.EqualTo("fashion-mnist"));
        var ex = Assert.Throws<ArgumentException>(() => DataSpec.Parse("cifar10"))!;
        Assert.That(ex.Message, Does.Contain("'cifar10'").And.Contain("'mnist'").And.Contain("'fashion-mnist'")
            .And.Contain("train-images-idx3-ubyte").And.Contain("PREFIX"));
        Assert.Throws<ArgumentException>(() => DataSpec.Parse(" "));
    }

    [Test]
    public void FashionMnistMissingFolderSaysHowToInstall()
    {
        string missing = Path.Combine(_files.Folder, "nope");
        var ex = Assert.Throws<DirectoryNotFoundException>(() => FashionMnist.Load(missing))!;
        Assert.That(ex.Message, Does.Contain(missing).And.Contain("apt-get install dataset-fashion-mnist"));
    }

    [Test]
    public void FashionMnistFromDebian()
    {
        if (!Directory.Exists(FashionMnist.DefaultDirectory))
            Assert.Ignore($"{FashionMnist.DefaultDirectory} is absent (apt-get install dataset-fashion-mnist)");
        var split = DataSpec.Parse("fashion-mnist").Load();
        Assert.That((split.Train.Count, split.Test.Count, split.Train.Rows, split.Train.Cols), Is.EqualTo((60000, 10000, 28, 28)));
        Assert.That(split.Train.Labels.Distinct().Count(), Is.EqualTo(10));
        Assert.That(split.Test.Name, Is.EqualTo("fashion-mnist/test"));
        Assert.That(FashionMnist.ClassNames, Has.Count.EqualTo(FashionMnist.Classes));
    }
}
