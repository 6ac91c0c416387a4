package io.flotilla.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * Names a StatefulSet's pod template revision the way Kubernetes does
 * ({@code <name>-<hash>}), so that the same template always gets the same revision,
 * however its JSON was spelled when it was sent.
 */
final class Revisions {

	@SuppressWarnings("deprecation")
	private static final ObjectMapper CANONICAL = Serialization.jsonMapper()
		.copy()
		.configure(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY, true)
		.configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

	private Revisions() {
	}

	static String of(StatefulSet statefulSet) {
		return statefulSet.getMetadata().getName() + "-" + hash(statefulSet.getSpec().getTemplate());
	}

	private static String hash(PodTemplateSpec template) {
		// A round trip through the model makes an absent list equal an empty one.
		PodTemplateSpec normalized = Serialization.unmarshal(Serialization.asJson(template), PodTemplateSpec.class);
		try {
			byte[] canonical = CANONICAL.writeValueAsString(normalized).getBytes(StandardCharsets.UTF_8);
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical);
			return HexFormat.of().formatHex(digest, 0, 5);
		}
		catch (JsonProcessingException | NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Cannot hash pod template", ex);
		}
	}

}
