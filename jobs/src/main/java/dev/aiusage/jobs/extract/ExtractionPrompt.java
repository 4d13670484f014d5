package dev.aiusage.jobs.extract;

import dev.aiusage.jobs.receipt.ReceiptFields;
import dev.aiusage.jobs.receipt.Receipt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aiusage.tokens.ChatMessage;
import java.util.List;

/**
 * The chat request that extracts a receipt's fields: a system prompt, the receipt's text, and a JSON
 * schema the answer must follow (structured output). The offline path counts exactly these tokens.
 */
public final class ExtractionPrompt {

    public static final String SYSTEM = """
            You extract fields from the OCR text of a shop receipt. Answer with JSON only, following the \
            schema. merchant: the business that issued the receipt, as printed. date: the date of sale \
            as YYYY-MM-DD. total: the amount paid as a plain decimal number string without currency, \
            e.g. "26.60". currency: the ISO 4217 code when the receipt shows one or its symbol. \
            address: the merchant's address on one line. Use null for anything the receipt does not show.""";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The response_format schema, compact, exactly as it would be sent. */
    public static final String SCHEMA = """
            {"type":"json_schema","json_schema":{"name":"receipt_fields","strict":true,"schema":{\
            "type":"object","additionalProperties":false,\
            "required":["merchant","date","total","currency","address"],"properties":{\
            "merchant":{"type":["string","null"]},\
            "date":{"type":["string","null"],"description":"YYYY-MM-DD"},\
            "total":{"type":["string","null"],"description":"decimal, no currency"},\
            "currency":{"type":["string","null"],"description":"ISO 4217"},\
            "address":{"type":["string","null"]}}}}}""";

    private ExtractionPrompt() {}

    public static List<ChatMessage> messages(Receipt receipt) {
        return List.of(new ChatMessage("system", SYSTEM), new ChatMessage("user", receipt.text()));
    }

    /** The answer a model following the schema would give, compact JSON as models emit it. */
    public static String answer(ReceiptFields fields) {
        ObjectNode node = JSON.createObjectNode();
        node.put("merchant", fields.merchant());
        node.put("date", fields.date());
        node.put("total", fields.total());
        node.put("currency", fields.currency());
        node.put("address", fields.address());
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a flat object of strings always serialises", e);
        }
    }
}
