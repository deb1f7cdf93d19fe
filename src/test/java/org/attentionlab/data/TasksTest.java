package org.attentionlab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TasksTest {
    @TempDir
    Path dir;

    private TaskOptions small() {
        return TaskOptions.defaults().withExamples(300).withCacheDir(dir);
    }

    @Test
    void everySyntheticTaskBuildsWithSplitsAndNoUnknownTokens() {
        for (String name : List.of("copy", "reverse", "sort", "addition", "dates")) {
            Task t = Tasks.forName(name, small());
            assertEquals(name, t.name());
            assertEquals(240, t.train().size(), name);
            assertEquals(30, t.valid().size(), name);
            assertEquals(30, t.test().size(), name);
            for (Example e : t.test()) {
                EncodedPair p = t.encode(e);
                for (int id : p.source()) {
                    assertNotEquals(Vocabulary.UNK, id, name + " " + e);
                }
                for (int id : p.target()) {
                    assertNotEquals(Vocabulary.UNK, id, name + " " + e);
                }
                assertEquals(e.target(), t.decodeTarget(p.target()));
            }
        }
    }

    @Test
    void sameOptionsGiveTheSameTaskAndBatches() {
        Task a = Tasks.forName("reverse", small());
        Task b = Tasks.forName("reverse", small());
        assertEquals(a.splits(), b.splits());
        assertEquals(a.sourceVocabulary(), b.sourceVocabulary());
        assertEquals(a.trainBatches(32, 5).get(0).indices()[0], b.trainBatches(32, 5).get(0).indices()[0]);
        assertNotEquals(a.splits(), Tasks.forName("reverse", small().withSeed(2)).splits());
    }

    @Test
    void sharedVocabularyServesBothSides() {
        Task t = Tasks.forName("dates", small().withVocabulary(1, 0, true));
        assertSame(t.sourceVocabulary(), t.targetVocabulary());
        assertTrue(t.sourceVocabulary().contains("-") && t.sourceVocabulary().contains("M"));
        assertTrue(t.describe().contains("shared"), t.describe());
    }

    @Test
    void tsvTaskReadsTheFileAndBuildsVocabulariesFromTraining() throws IOException {
        Path file = dir.resolve("pairs.tsv");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            sb.append("word").append(i).append(" common\tWort").append(i).append(" gemein\n");
        }
        Files.writeString(file, sb);
        Task t = Tasks.forName("tsv:" + file, small().withFractions(0.2, 0.2));
        assertEquals(30, t.train().size());
        assertEquals(Tokenizer.words(), t.sourceTokenizer());
        // 30 training words + "common" + 4 specials; held-out words are unknown.
        assertEquals(35, t.sourceVocabulary().size());
        int[] ids = t.encodeSource(t.test().get(0).source());
        assertEquals(Vocabulary.UNK, ids[0]);
        assertEquals(t.sourceVocabulary().id("common"), ids[1]);
    }

    @Test
    void tokenizerOptionReplacesTheDefault() throws IOException {
        Path file = dir.resolve("p.tsv");
        Files.writeString(file, "ab\tcd\nef\tgh\n");
        Task t = Tasks.forName("tsv:" + file, small().withFractions(0, 0).withTokenizer("char"));
        assertEquals(4 + 4, t.sourceVocabulary().size());
    }

    @Test
    void unknownNameListsTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tasks.forName("copyy", small()));
        assertTrue(e.getMessage().contains("'copyy'") && e.getMessage().contains("addition")
                && e.getMessage().contains("tsv:FILE") && e.getMessage().contains("de-en"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tasks.forName("tsv:", small()));
        assertTrue(e.getMessage().contains("tsv:"), e.getMessage());
    }

    @Test
    void examplesOptionSamplesRealDataAcrossTheWholeList() {
        List<Integer> items = java.util.stream.IntStream.range(0, 1000).boxed().toList();
        List<Integer> s = Tasks.sample(items, 100, 1);
        assertEquals(100, s.size());
        assertTrue(s.get(99) > 500, "a sample, not the first items: " + s.get(99));
        assertEquals(s, Tasks.sample(items, 100, 1));
    }

    @Test
    void badOptionsAreRejectedWithTheirNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TaskOptions.defaults().withLengths(10, 5));
        assertTrue(e.getMessage().contains("minLength=10"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TaskOptions.defaults().withTokenizer("unigram"));
        assertTrue(e.getMessage().contains("unigram") && e.getMessage().contains("bpe"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> TaskOptions.defaults().withVocabulary(2, 0, false).withTokenizer("bpe"));
        assertTrue(e.getMessage().contains("bpe") && e.getMessage().contains("minFrequency 2"), e.getMessage());
    }

    @Test
    void trainingPartLimitsOrExtendsTheTrainingSplitOnly() {
        List<Example> pairs = new java.util.ArrayList<>();
        for (int i = 0; i < 200; i++) {
            pairs.add(new Example("quelle " + i + " .", "source " + i + " ."));
        }
        Task plain = Tasks.real("pairs", pairs, null, Tokenizer.words(), Tokenizer.words(), TaskOptions.defaults());
        Example heldOut = plain.test().get(0);
        // a phrase that is a held-out sentence without its case and punctuation must not be trained on
        List<Example> phrases = List.of(new Example("wort", "word"), new Example("satz", "sentence"),
                new Example(heldOut.source().toUpperCase(java.util.Locale.ROOT).replace(" .", ""), "anything"),
                new Example("ganz anders", heldOut.target().replace(".", "!")));
        TaskOptions o = TaskOptions.defaults().withTrainingPart(new TaskOptions.TrainingPart(50, 10));
        Task task = Tasks.real("pairs", pairs, new Tasks.Supplements(() -> phrases, null), Tokenizer.words(), Tokenizer.words(), o);
        assertEquals(plain.valid(), task.valid());
        assertEquals(plain.test(), task.test());
        assertEquals(52, task.train().size(), "50 of the split's pairs and the 2 usable phrases");
        assertTrue(plain.train().containsAll(task.train().subList(0, 50)));
        assertEquals(List.of(new Example("wort", "word"), new Example("satz", "sentence")),
                task.train().subList(50, 52));
        Task one = Tasks.real("pairs", pairs, new Tasks.Supplements(() -> phrases, null), Tokenizer.words(), Tokenizer.words(),
                TaskOptions.defaults().withTrainingPart(new TaskOptions.TrainingPart(0, 1)));
        assertEquals(plain.train().size() + 1, one.train().size(), "a sample of 1 of the usable phrases");
        List<Example> longOnes = List.of(new Example("ein langer satz .", "a long sentence ."),
                new Example(heldOut.source(), "held out, so left out"));
        Task twice = Tasks.real("pairs", pairs, new Tasks.Supplements(() -> phrases, () -> longOnes),
                Tokenizer.words(), Tokenizer.words(), TaskOptions.defaults().withTrainingPart(
                        new TaskOptions.TrainingPart(0, 0, true, 2)));
        List<Example> once = new java.util.ArrayList<>(plain.train());
        once.add(longOnes.get(0));
        assertEquals(once, twice.train().subList(0, once.size()), "the split's pairs, then the long sentences");
        assertEquals(once, twice.train().subList(once.size(), 2 * once.size()), "all of them twice");
        assertEquals(2 * once.size(), twice.train().size());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tasks.forName("copy",
                TaskOptions.defaults().withTrainingPart(new TaskOptions.TrainingPart(0, 5))));
        assertTrue(e.getMessage().contains("de-en"), e.getMessage());
        assertEquals(100, Tasks.forName("copy", small().withExamples(1000)
                .withTrainingPart(new TaskOptions.TrainingPart(100, 0))).train().size());
    }
}
