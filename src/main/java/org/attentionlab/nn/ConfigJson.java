package org.attentionlab.nn;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.MalformedJsonException;
import java.io.IOException;
import java.io.StringReader;
import java.util.Set;
import org.attentionlab.io.JsonText;

/**
 * The JSON form of a {@link TransformerConfig}, with the snake_case keys that checkpoints store
 * under {@code __metadata__.config} and that PyTorch-side code reads.
 *
 * <p>Parsing is strict (standard JSON, nothing after the object, at most {@link #MAX_DEPTH} levels,
 * integers exact): the configuration decides what is allocated, so a value that is almost right
 * must fail here rather than build a model nobody asked for.
 */
public final class ConfigJson {
    /** A configuration is one flat object; deep nesting is refused before parsing. */
    static final int MAX_DEPTH = 8;

    private static final Set<String> KEYS = Set.of("d_model", "heads", "d_ff", "encoder_layers", "decoder_layers",
            "src_vocab", "tgt_vocab", "max_len", "dropout", "norm", "norm_type", "final_norm", "activation",
            "position", "relative_clip", "tie_embeddings", "tie_source_embedding", "layer_norm_eps",
            "batchnorm_exclude_padding", "length_classes", "source_features");

    private ConfigJson() {
    }

    public static String toJson(TransformerConfig c) {
        JsonObject o = new JsonObject();
        o.addProperty("d_model", c.dModel());
        o.addProperty("heads", c.heads());
        o.addProperty("d_ff", c.dFf());
        o.addProperty("encoder_layers", c.encoderLayers());
        o.addProperty("decoder_layers", c.decoderLayers());
        o.addProperty("src_vocab", c.srcVocab());
        o.addProperty("tgt_vocab", c.tgtVocab());
        o.addProperty("max_len", c.maxLen());
        o.addProperty("dropout", c.dropout());
        o.addProperty("norm", c.norm().configName());
        o.addProperty("norm_type", c.normType().configName());
        o.addProperty("final_norm", c.finalNorm());
        o.addProperty("activation", c.activation().configName());
        o.addProperty("position", c.position().configName());
        o.addProperty("relative_clip", c.relativeClip());
        o.addProperty("tie_embeddings", c.tieEmbeddings());
        if (c.tieSourceEmbedding()) {
            // Written only when set, so that other models' JSON is what it always was.
            o.addProperty("tie_source_embedding", true);
        }
        o.addProperty("layer_norm_eps", c.layerNormEps());
        o.addProperty("batchnorm_exclude_padding", c.batchNormExcludePadding());
        if (c.lengthClasses() > 0) {
            // Written only for models with a head, so other models' JSON is what it always was.
            o.addProperty("length_classes", c.lengthClasses());
        }
        if (c.sourceFeatures() > 0) {
            // Likewise only for models that read feature vectors.
            o.addProperty("source_features", c.sourceFeatures());
        }
        return o.toString();
    }

    /**
     * Parses a configuration; missing keys take the builder's defaults except the required sizes,
     * and an unknown key is an error naming it (a typo must not silently fall back to a default).
     */
    public static TransformerConfig fromJson(String json) {
        if (JsonText.firstExcess(json, MAX_DEPTH) >= 0) {
            throw new IllegalArgumentException("model config nests JSON more than " + MAX_DEPTH
                    + " levels deep; a config is one flat object");
        }
        JsonObject o;
        try {
            JsonReader reader = new JsonReader(new StringReader(json));
            reader.setStrictness(Strictness.STRICT);
            JsonElement e = JsonParser.parseReader(reader);
            if (!atEnd(reader)) {
                throw new IllegalArgumentException("model config has text after the JSON object: " + abbreviate(json));
            }
            if (!e.isJsonObject()) {
                throw new IllegalArgumentException("model config must be a JSON object, got: " + abbreviate(json));
            }
            o = e.getAsJsonObject();
        } catch (JsonParseException | IOException e) {
            throw new IllegalArgumentException("model config is not valid JSON: " + JsonText.describeError(e));
        }
        for (String key : o.keySet()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown model config key '" + abbreviate(key) + "'");
            }
        }
        TransformerConfig.Builder b = TransformerConfig.builder()
                .dModel(integer(o, "d_model", null))
                .heads(integer(o, "heads", null))
                .dFf(integer(o, "d_ff", null))
                .encoderLayers(integer(o, "encoder_layers", null))
                .decoderLayers(integer(o, "decoder_layers", null))
                .srcVocab(integer(o, "src_vocab", null))
                .tgtVocab(integer(o, "tgt_vocab", null))
                .maxLen(integer(o, "max_len", null));
        if (o.has("dropout")) {
            b.dropout(number(o, "dropout"));
        }
        if (o.has("norm")) {
            b.norm(NormPlacement.parse("norm", string(o, "norm")));
        }
        if (o.has("norm_type")) {
            b.normType(NormType.parse("norm_type", string(o, "norm_type")));
        }
        if (o.has("final_norm")) {
            b.finalNorm(bool(o, "final_norm"));
        }
        if (o.has("activation")) {
            b.activation(Activation.parse("activation", string(o, "activation")));
        }
        if (o.has("position")) {
            b.position(PositionEncoding.parse("position", string(o, "position")));
        }
        if (o.has("relative_clip")) {
            b.relativeClip(integer(o, "relative_clip", null));
        }
        if (o.has("tie_embeddings")) {
            b.tieEmbeddings(bool(o, "tie_embeddings"));
        }
        if (o.has("tie_source_embedding")) {
            b.tieSourceEmbedding(bool(o, "tie_source_embedding"));
        }
        if (o.has("layer_norm_eps")) {
            b.layerNormEps(number(o, "layer_norm_eps"));
        }
        if (o.has("batchnorm_exclude_padding")) {
            b.batchNormExcludePadding(bool(o, "batchnorm_exclude_padding"));
        }
        if (o.has("length_classes")) {
            b.lengthClasses(integer(o, "length_classes", null));
        }
        if (o.has("source_features")) {
            b.sourceFeatures(integer(o, "source_features", null));
        }
        return b.build();
    }

    private static boolean atEnd(JsonReader reader) throws IOException {
        try {
            return reader.peek() == JsonToken.END_DOCUMENT;
        } catch (MalformedJsonException e) {
            return false; // a second value, which a strict reader calls malformed
        }
    }

    private static JsonPrimitive primitive(JsonObject o, String key) {
        JsonElement e = o.get(key);
        if (e == null || !e.isJsonPrimitive()) {
            throw new IllegalArgumentException("model config key '" + key + "' is " + (e == null ? "missing" : "not a value"));
        }
        return e.getAsJsonPrimitive();
    }

    private static int integer(JsonObject o, String key, Integer fallback) {
        if (!o.has(key) && fallback != null) {
            return fallback;
        }
        JsonPrimitive p = primitive(o, key);
        try {
            // Exact: Gson's getAsInt() wraps 4294967360 to 64 and truncates 1e10 without a word.
            return p.isNumber() ? p.getAsBigDecimal().intValueExact() : notAnInteger(key, p);
        } catch (ArithmeticException | NumberFormatException e) {
            return notAnInteger(key, p);
        }
    }

    private static int notAnInteger(String key, JsonPrimitive p) {
        throw new IllegalArgumentException("model config key '" + key + "' must be an integer from "
                + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE + ", got " + abbreviate(p.toString()));
    }

    private static double number(JsonObject o, String key) {
        JsonPrimitive p = primitive(o, key);
        if (!p.isNumber()) {
            throw new IllegalArgumentException("model config key '" + key + "' must be a number, got "
                    + abbreviate(p.toString()));
        }
        return p.getAsDouble();
    }

    private static boolean bool(JsonObject o, String key) {
        JsonPrimitive p = primitive(o, key);
        if (!p.isBoolean()) {
            throw new IllegalArgumentException("model config key '" + key + "' must be true or false, got "
                    + abbreviate(p.toString()));
        }
        return p.getAsBoolean();
    }

    private static String string(JsonObject o, String key) {
        JsonPrimitive p = primitive(o, key);
        if (!p.isString()) {
            throw new IllegalArgumentException("model config key '" + key + "' must be a string, got "
                    + abbreviate(p.toString()));
        }
        return p.getAsString();
    }

    private static String abbreviate(String s) {
        return oneLine(s.length() <= 60 ? s : s.substring(0, 57) + "...");
    }

    /** Messages are one line: Gson's end with a second line pointing at its troubleshooting page. */
    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\p{Cntrl}|[\u2028\u2029]", " ").strip();
    }
}
